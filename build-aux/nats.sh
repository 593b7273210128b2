#!/usr/bin/env bash
# Starts and stops a private nats-server (Debian 12: 2.9.10) on 127.0.0.1,
# with JetStream stored under DIR/js and a plain WebSocket listener (loopback
# only). The PID is recorded in DIR/nats.pid; `stop` ends that process and no
# other.
#
# Usage:
#   build-aux/nats.sh start DIR PORT WSPORT [--leaf-of URL] [--domain NAME]
#                     [--leaf-port PORT] [--tls CERT:KEY] [--watch-pid PID]
#                     [--user NAME:PASSWORD]... [--auth-file FILE]
#                     [--cluster-port PORT --route URL...]
#   build-aux/nats.sh stop DIR
#
#   --leaf-of URL     connect to URL (nats-leaf://127.0.0.1:P) as a leaf node
#   --domain NAME     the JetStream domain of this server
#   --leaf-port PORT  accept leaf nodes on 127.0.0.1:PORT
#   --tls CERT:KEY    clients on PORT must use TLS with this certificate
#   --watch-pid PID   stop the server (by its PID) when process PID ends, so a
#                     test that aborts leaves no server behind
#   --user NAME:PASS[:DENY]  require authorization; repeat for more users;
#                     DENY: a subject this user may not publish to
#   --auth-file FILE  include FILE (an authorization block, e.g. from
#                     `dropdeckctl squad nats-config`) in the configuration
#   --cluster-port PORT  join the cluster "dropdeck" on 127.0.0.1:PORT
#   --route URL       a cluster peer (nats-route://127.0.0.1:P); repeat
#   --http-port PORT  serve the monitoring endpoints (/varz, /healthz) over
#                     HTTP on 127.0.0.1:PORT
set -euo pipefail

server=${NATS_SERVER:-/usr/sbin/nats-server}
[ -x "$server" ] || server=/usr/bin/nats-server

usage() {
  sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# A process that ended but was not reaped yet (a zombie) counts as gone.
alive() { # PID
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
  [ -n "$state" ] && [ "$state" != Z ]
}

wait_for_port() { # PORT PID
  for _ in $(seq 1 200); do
    if ! alive "$2"; then
      return 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  return 1
}

start() {
  [ $# -ge 3 ] || usage
  local dir=$1 port=$2 wsport=$3
  shift 3
  local http_port="" leaf_of="" domain="" leaf_port="" tls="" watch="" auth_file="" cluster_port="" users=() routes=()
  while [ $# -gt 0 ]; do
    case $1 in
      --leaf-of) leaf_of=$2; shift 2 ;;
      --domain) domain=$2; shift 2 ;;
      --leaf-port) leaf_port=$2; shift 2 ;;
      --user) users+=("$2"); shift 2 ;;
      --tls) tls=$2; shift 2 ;;
      --watch-pid) watch=$2; shift 2 ;;
      --auth-file) auth_file=$2; shift 2 ;;
      --cluster-port) cluster_port=$2; shift 2 ;;
      --route) routes+=("$2"); shift 2 ;;
      --http-port) http_port=$2; shift 2 ;;
      *) usage ;;
    esac
  done

  mkdir -p "$dir/js"
  if [ -f "$dir/nats.pid" ] && alive "$(cat "$dir/nats.pid")"; then
    echo "nats.sh: a server already runs for $dir (PID $(cat "$dir/nats.pid"))" >&2
    exit 1
  fi

  local conf=$dir/nats.conf
  if [ -n "$auth_file" ]; then
    install -m 600 "$auth_file" "$dir/auth.conf"
  fi
  {
    echo "listen: \"127.0.0.1:$port\""
    echo "server_name: \"dropdeck-$port\""
    [ -n "$http_port" ] && echo "http: \"127.0.0.1:$http_port\""
    echo "jetstream {"
    echo "  store_dir: \"$dir/js\""
    [ -n "$domain" ] && echo "  domain: \"$domain\""
    echo "}"
    if [ -n "$tls" ]; then
      echo "tls {"
      echo "  cert_file: \"${tls%%:*}\""
      echo "  key_file: \"${tls#*:}\""
      echo "}"
    fi
    echo "websocket {"
    echo "  listen: \"127.0.0.1:$wsport\""
    echo "  no_tls: true"
    echo "}"
    if [ -n "$cluster_port" ]; then
      echo "cluster {"
      echo "  name: \"dropdeck\""
      echo "  listen: \"127.0.0.1:$cluster_port\""
      echo "  routes: ["
      for r in "${routes[@]}"; do
        echo "    \"$r\""
      done
      echo "  ]"
      echo "}"
    fi
    if [ -n "$leaf_of" ] || [ -n "$leaf_port" ]; then
      echo "leafnodes {"
      [ -n "$leaf_port" ] && echo "  listen: \"127.0.0.1:$leaf_port\""
      [ -n "$leaf_of" ] && echo "  remotes: [ { url: \"$leaf_of\" } ]"
      echo "}"
    fi
    if [ -n "$auth_file" ]; then
      # nats-server reads includes relative to the configuration only.
      echo "include \"auth.conf\""
    fi
    if [ ${#users[@]} -gt 0 ]; then
      echo "authorization {"
      echo "  users: ["
      for u in "${users[@]}"; do
        IFS=: read -r name pass deny <<<"$u"
        if [ -n "$deny" ]; then
          echo "    { user: \"$name\", password: \"$pass\", permissions: { publish: { deny: [\"$deny\"] } } }"
        else
          echo "    { user: \"$name\", password: \"$pass\" }"
        fi
      done
      echo "  ]"
      echo "}"
    fi
  } >"$conf"

  "$server" -c "$conf" >"$dir/nats.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/nats.pid"
  if ! wait_for_port "$port" "$pid" || ! wait_for_port "$wsport" "$pid" \
     || { [ -n "$http_port" ] && ! wait_for_port "$http_port" "$pid"; }; then
    echo "nats.sh: nats-server did not start; its log:" >&2
    tail -n 20 "$dir/nats.log" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$dir/nats.pid"
    exit 1
  fi

  if [ -n "$watch" ]; then
    # Ends when the server does; stops it only once the watched process is gone.
    (
      while alive "$pid"; do
        if ! alive "$watch"; then
          kill "$pid" 2>/dev/null
          exit 0
        fi
        sleep 0.5
      done
    ) </dev/null >/dev/null 2>&1 &
  fi
}

stop() {
  [ $# -eq 1 ] || usage
  local pidfile=$1/nats.pid
  [ -f "$pidfile" ] || exit 0
  local pid
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do
      alive "$pid" || break
      sleep 0.05
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case ${1:-} in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) usage ;;
esac
