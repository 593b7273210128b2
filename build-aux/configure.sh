#!/usr/bin/env bash
# Sets up (once) and builds the meson build folder the two README commands
# share. Warnings are errors, as in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${1:-_build}
shift || true
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --werror "$@" >/dev/null
fi
meson compile -C "$builddir" >"$builddir/compile.log" 2>&1 || {
  tail -n 60 "$builddir/compile.log" >&2
  echo "build failed; the whole log is $builddir/compile.log" >&2
  exit 1
}
