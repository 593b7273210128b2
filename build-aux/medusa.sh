#!/usr/bin/env bash
# Brings up a real Medusa v2 commerce engine on PostgreSQL 15 for Dropdeck's
# integration tests, on 127.0.0.1 only, with every file in one folder.
#
# Usage:
#   build-aux/medusa.sh install          npm ci into build-aux/medusa/node_modules
#                                        (from the committed package-lock.json)
#   build-aux/medusa.sh start DIR PORT   private PostgreSQL cluster in DIR, schema,
#                                        an admin user, Medusa on 127.0.0.1:PORT,
#                                        a secret API key in DIR/api-key
#   build-aux/medusa.sh seed DIR         a small catalog through the Admin API
#                                        (build-aux/medusa/admin.mjs seed)
#   build-aux/medusa.sh checkout DIR     what the store API needs to sell: a
#                                        region paid through the system
#                                        provider, shipping, a probe product and
#                                        a publishable API key linked to the
#                                        default sales channel, written to
#                                        DIR/publishable-key; prints the ids as
#                                        JSON (admin.mjs checkout)
#   build-aux/medusa.sh stop DIR         stops what start recorded in DIR/*.pid
#   build-aux/medusa.sh stop-server DIR  stops the Medusa server only (by its
#                                        PID), as a crash would; data stays
#   build-aux/medusa.sh restart-server DIR  starts that server again on its
#                                        port and waits until it is healthy
#
# start writes DIR/url, DIR/api-key, DIR/admin-email, DIR/admin-password,
# DIR/medusa.log and DIR/postgres.log, and records every PID it starts in
# DIR/*.pid; stop ends those PIDs only, never processes found by name.
# Needs Node >= 20.19 (node on PATH) and Debian's postgresql-15. initdb
# refuses root, so the cluster runs as the postgres user when this runs as
# root. Exit status 3 from install means the package registry could not be
# reached (tests report SKIPPED then).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
project="$here/medusa"
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
admin_email=admin@dropdeck.test
admin_password=dropdeck-test-only
db_name=dropdeck_medusa

die() {
  echo "medusa.sh: $*" >&2
  if [ -n "${starting_dir:-}" ]; then cmd_stop "$starting_dir"; fi
  exit 1
}

check_node() {
  command -v node >/dev/null || die "node is not on PATH (Medusa needs Node 20.19 or newer)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' ||
    die "Node $(node --version) is too old: Medusa needs 20.19 or newer"
}

# Runs a command as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

cmd_install() {
  check_node
  cd "$project"
  # Skip when node_modules was installed from this very lock file.
  local lock_sum
  lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -x node_modules/.bin/medusa ] && [ "$(cat node_modules/.dropdeck-lock-sha256 2>/dev/null)" = "$lock_sum" ]; then
    return 0
  fi
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/dropdeck-npm-ci.XXXXXX")
  if ! npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    if grep -qE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|network' "$log"; then
      rm -f "$log"
      echo "medusa.sh: npm ci could not reach the package registry" >&2
      exit 3
    fi
    rm -f "$log"
    die "npm ci failed"
  fi
  rm -f "$log"
  echo "$lock_sum" >node_modules/.dropdeck-lock-sha256
}

# Medusa reads (and db:setup writes) a .env file beside medusa-config.ts and
# builds into .medusa/: each instance gets its own copy of the project in
# DIR/app, sharing the installed node_modules through a symlink.
make_app() {
  local dir=$1 app=$1/app
  mkdir -p "$app"
  cp "$project/package.json" "$project/medusa-config.ts" "$project/tsconfig.json" "$app/"
  ln -sfn "$project/node_modules" "$app/node_modules"
  cat >"$app/.env" <<ENV
DATABASE_URL=postgres://postgres@127.0.0.1:$(cat "$dir/postgres.port")/$db_name
DB_NAME=$db_name
MEDUSA_DISABLE_TELEMETRY=true
JWT_SECRET=dropdeck-test-only
COOKIE_SECRET=dropdeck-test-only
ENV
  export DATABASE_URL="postgres://postgres@127.0.0.1:$(cat "$dir/postgres.port")/$db_name"
  export MEDUSA_DISABLE_TELEMETRY=true NODE_ENV=development
  # The CLI keeps a config store; keep it out of the user's home.
  export XDG_CONFIG_HOME="$dir/xdg-config"
  export JWT_SECRET=dropdeck-test-only COOKIE_SECRET=dropdeck-test-only
}

# Starts the Medusa server of DIR (schema and admin in place) on PORT and
# waits until it is healthy. Run from DIR/app after make_app.
launch_server() {
  local dir=$1 port=$2
  # Its own session and process group: stop ends the group by this PID.
  setsid node_modules/.bin/medusa start -H 127.0.0.1 -p "$port" >>"$dir/medusa.log" 2>&1 </dev/null &
  echo $! >"$dir/medusa.pid"
  echo "http://127.0.0.1:$port" >"$dir/url"

  node "$project/admin.mjs" wait-health "http://127.0.0.1:$port" 120 "$(cat "$dir/medusa.pid")" ||
    { tail -n 30 "$dir/medusa.log" >&2; die "Medusa did not become healthy (log: $dir/medusa.log)"; }
}

cmd_start() {
  local dir=$1 port=$2
  [ -n "$dir" ] && [ -n "$port" ] || die "usage: start DIR PORT"
  check_node
  [ -x "$project/node_modules/.bin/medusa" ] || die "run 'build-aux/medusa.sh install' first"
  [ -x "$pg_bin/initdb" ] || die "PostgreSQL 15 is missing ($pg_bin/initdb): build-aux/deps.sh test"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ ! -e "$dir/medusa.pid" ] || die "$dir already has a Medusa (stop it first)"
  starting_dir=$dir

  # Whatever fails from here on, nothing started is left running.
  trap 'cmd_stop "$dir"' ERR
  trap 'cmd_stop "$dir"; exit 1' INT TERM
  # The postgres user must reach its data folder through DIR.
  chmod 755 "$dir"
  mkdir -p "$dir/pgdata"
  chmod 700 "$dir/pgdata"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir/pgdata"
    touch "$dir/postgres.log" && chown postgres: "$dir/postgres.log"
  fi

  local pg_port
  pg_port=$(free_port)
  echo "$pg_port" >"$dir/postgres.port"
  as_pg "$pg_bin/initdb" -D "$dir/pgdata" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$dir/pgdata" -l "$dir/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  head -n 1 "$dir/pgdata/postmaster.pid" >"$dir/postgres.pid"

  make_app "$dir"
  cd "$dir/app"
  node_modules/.bin/medusa db:setup --db "$db_name" --no-interactive --execute-safe-links \
    >"$dir/medusa-setup.log" 2>&1 || { tail -n 30 "$dir/medusa-setup.log" >&2; die "medusa db:setup failed"; }
  node_modules/.bin/medusa user -e "$admin_email" -p "$admin_password" \
    >>"$dir/medusa-setup.log" 2>&1 || { tail -n 30 "$dir/medusa-setup.log" >&2; die "medusa user failed"; }
  echo "$admin_email" >"$dir/admin-email"
  echo "$admin_password" >"$dir/admin-password"

  launch_server "$dir" "$port"
  node "$project/admin.mjs" api-key "http://127.0.0.1:$port" "$admin_email" "$admin_password" >"$dir/api-key.tmp"
  mv "$dir/api-key.tmp" "$dir/api-key"
  chmod 600 "$dir/api-key"
  trap - ERR INT TERM
  starting_dir=
}

cmd_seed() {
  local dir=$1
  [ -f "$dir/url" ] && [ -f "$dir/api-key" ] || die "$dir has no running Medusa (start it first)"
  node "$project/admin.mjs" seed "$(cat "$dir/url")" "$(cat "$dir/api-key")"
}

cmd_checkout() {
  local dir=$1 out
  [ -f "$dir/url" ] && [ -f "$dir/api-key" ] || die "$dir has no running Medusa (start it first)"
  out=$(node "$project/admin.mjs" checkout "$(cat "$dir/url")" "$(cat "$dir/api-key")")
  node -e 'process.stdout.write(JSON.parse(process.argv[1]).publishable_key + "\n")' "$out" >"$dir/publishable-key"
  echo "$out"
}

stop_pid() { # PIDFILE [group]
  local file=$1 pid
  pid=$(cat "$file" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || { rm -f "$file"; return 0; }
  if kill -0 "$pid" 2>/dev/null; then
    if [ "${2:-}" = group ]; then kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    else kill -TERM "$pid" 2>/dev/null || true; fi
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      if [ "${2:-}" = group ]; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

cmd_stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  [ -f "$dir/medusa.pid" ] && stop_pid "$dir/medusa.pid" group
  if [ -f "$dir/postgres.pid" ]; then
    if [ -f "$dir/pgdata/postmaster.pid" ]; then
      as_pg "$pg_bin/pg_ctl" -D "$dir/pgdata" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    stop_pid "$dir/postgres.pid"
  fi
  for f in "$dir"/*.pid; do
    [ -e "$f" ] && stop_pid "$f"
  done
  return 0
}

# The server alone, as a crash would: PostgreSQL and the data stay.
cmd_stop_server() {
  local dir=$1
  [ -f "$dir/medusa.pid" ] || die "$dir has no running Medusa"
  stop_pid "$dir/medusa.pid" group
}

# The server again, on the port and database it had.
cmd_restart_server() {
  local dir=$1 url port
  [ -f "$dir/url" ] && [ -f "$dir/postgres.pid" ] || die "$dir has no Medusa to restart (start it first)"
  [ ! -e "$dir/medusa.pid" ] || die "$dir already has a running Medusa"
  url=$(cat "$dir/url")
  port=${url##*:}
  make_app "$dir"
  cd "$dir/app"
  launch_server "$dir" "$port"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start "${2:-}" "${3:-}" ;;
  seed) cmd_seed "${2:-}" ;;
  checkout) cmd_checkout "${2:-}" ;;
  stop) cmd_stop "${2:-}" ;;
  stop-server) cmd_stop_server "${2:-}" ;;
  restart-server) cmd_restart_server "${2:-}" ;;
  *) echo "usage: $0 install | start DIR PORT | seed DIR | checkout DIR | stop DIR | stop-server DIR | restart-server DIR" >&2; exit 2 ;;
esac
