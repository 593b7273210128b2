#!/bin/sh
# Runs a command with a real Secret Service of its own: HOME/XDG_* in a
# temporary folder (set before the bus starts, so everything on it inherits
# them), a private D-Bus session, and gnome-keyring-daemon unlocked with an
# empty password (the line must end with a newline, or no login keyring is
# created). The daemon is stopped by the PID recorded here; the folder goes.
set -eu

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dropdeck-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"
printf '\n' >"$tmp/unlock"
export HOME="$tmp/home"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_DATA_HOME="$tmp/data"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime"
export DD_KEYRING_TMP="$tmp"
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY

status=0
dbus-run-session -- sh -c '
  gnome-keyring-daemon --foreground --unlock --components=secrets \
    <"$DD_KEYRING_TMP/unlock" >"$DD_KEYRING_TMP/keyring.log" 2>&1 &
  keyring_pid=$!
  trap "kill $keyring_pid 2>/dev/null; wait $keyring_pid 2>/dev/null" EXIT

  tries=0
  until gdbus call --session --dest org.freedesktop.DBus \
          --object-path /org/freedesktop/DBus \
          --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null |
        grep -q true; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ] || ! kill -0 "$keyring_pid" 2>/dev/null; then
      echo "run-with-keyring: gnome-keyring-daemon did not own org.freedesktop.secrets:" >&2
      cat "$DD_KEYRING_TMP/keyring.log" >&2
      exit 1
    fi
    sleep 0.1
  done

  "$@"
' run-with-keyring "$@" || status=$?
exit "$status"
