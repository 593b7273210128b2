#!/usr/bin/env bash
# Takes the screenshots in data/screenshots/ from a built tree: runs the demo
# under a virtual display (build-aux/with-session.sh), lets it run for a while
# so the chart and the counters have data, switches to each page through the
# accessibility bus (tests/ui/atspi-demo.py), crops each picture to the window
# and writes data/screenshots/{drop,chat,offers,hubs,checklists}.png.
# It builds nothing: run `meson compile -C BUILDDIR` first.
#
# Usage: build-aux/take-screenshots.sh [BUILDDIR]   (default: _build)
# WARMUP=SECONDS changes how long the demo runs first (default 20).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-_build}
case "$builddir" in
  /*) ;;
  *) builddir="$srcdir/$builddir" ;;
esac
dropdeck="$builddir/src/dropdeck"
pages=(drop chat offers hubs checklists)

if [ ! -x "$dropdeck" ]; then
  echo "take-screenshots: no $dropdeck; build first (meson compile -C $builddir)" >&2
  exit 1
fi
for tool in convert identify xwininfo /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "take-screenshots: $tool is missing (build-aux/deps.sh test installs it)" >&2
    exit 1
  fi
done

shots=$(mktemp -d "${TMPDIR:-/tmp}/dropdeck-screenshots.XXXXXX")
trap 'rm -rf "$shots"' EXIT

# atspi-demo.py saves the whole virtual screen and the window's size
# (WxH in window-size); the window sits at 0,0 as there is no window manager.
GSETTINGS_SCHEMA_DIR="$builddir/data" \
DROPDECK_ATSPI_SCREENSHOTS="$shots" \
DROPDECK_ATSPI_WARMUP="${WARMUP:-20}" \
  "$srcdir/build-aux/with-session.sh" \
  /usr/bin/python3 "$srcdir/tests/ui/atspi-demo.py" "$dropdeck"

size=$(cat "$shots/window-size")
if ! [[ "$size" =~ ^[0-9]+x[0-9]+$ ]]; then
  echo "take-screenshots: unexpected window size '$size'" >&2
  exit 1
fi

mkdir -p "$srcdir/data/screenshots"
for page in "${pages[@]}"; do
  in="$shots/$page.png"
  out="$srcdir/data/screenshots/$page.png"
  if [ ! -s "$in" ]; then
    echo "take-screenshots: no picture of the $page page" >&2
    exit 1
  fi
  # Crop to the window, drop metadata; a 256-colour palette keeps text and
  # symbolic icons crisp on these flat pages at a fraction of the size.
  convert "$in" -crop "${size}+0+0" +repage -strip \
    -dither None -colors 256 PNG8:"$out.tmp"
  mv "$out.tmp" "$out"
  echo "take-screenshots: $(identify -format '%wx%h' "$out") $(du -k "$out" | cut -f1) KiB $out"
done
