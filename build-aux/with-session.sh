#!/usr/bin/env bash
# Runs a command the way the GUI tests need it: a virtual X display (Xvfb),
# a private D-Bus session (so AT-SPI and the keyring are ours and end with
# the command), the cheap cairo renderer, and HOME/XDG_* in a temporary folder
# set before the bus starts, so bus-activated services inherit them.
set -euo pipefail

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

exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  dbus-run-session -- "$@"
