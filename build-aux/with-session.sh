#!/usr/bin/env bash
# Runs a command the way the GUI tests need it: a virtual X display (Xvfb),
# a private D-Bus session (so AT-SPI and the keyring are ours and end with
# the command), the cheap cairo renderer, and HOME/XDG_* in a temporary folder
# set before the bus starts, so bus-activated services inherit them.
set -euo pipefail

# Second pass, inside xvfb-run: wait for the display (see below), then the bus.
# A display that never answers (another server took its number first) ends
# this pass with status 75, and the first pass tries another display.
if [ "${1:-}" = --in-session ]; then
  shift
  up=no
  for _ in $(seq 150); do
    if xdpyinfo >/dev/null 2>&1; then up=yes; break; fi
    sleep 0.1
  done
  if [ $up = no ]; then
    echo "with-session.sh: the virtual display $DISPLAY did not answer; trying another" >&2
    exit 75
  fi
  exec dbus-run-session -- "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dropdeck-session.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT

mkdir -p "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"
export HOME="$tmp/home"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_DATA_HOME="$tmp/data"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime"
export GSK_RENDERER=cairo
export GDK_BACKEND=x11
export LIBGL_ALWAYS_SOFTWARE=1
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY DISPLAY

# Start looking for a free display at a number of our own, so that sessions
# started at the same moment do not race for the same one.
#
# xvfb-run waits for the server with SIGUSR1, which a caller that ignores
# that signal (meson test does) defeats: the command would start before the
# display exists. So wait for the display too.
# (Not exec: the temporary folder is removed when the command is done.)
# -noreset: Xvfb otherwise resets when its last client leaves, and the
# display check above is such a client; an app connecting during the reset
# is refused ("cannot open display").
status=75
for try in 1 2 3; do
  [ $status -eq 75 ] || break
  status=0
  xvfb-run -a -n $((100 + ($$ + 97 * try) % 400)) -s "-screen 0 1280x800x24 -nolisten tcp -noreset" \
    "$0" --in-session "$@" || status=$?
done
exit $status
