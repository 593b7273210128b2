#!/usr/bin/env bash
# Installs the Debian 12 packages Dropdeck needs to build, run and test.
# As root it runs apt-get; otherwise it prints the exact command to run.
# Usage: build-aux/deps.sh [build|test]
set -euo pipefail

build_pkgs=(
  meson ninja-build pkg-config gcc gettext itstool
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libsecret-1-dev libsqlite3-dev libshumate-dev glib-networking
  libgtk-4-bin fonts-cantarell
  desktop-file-utils appstream yelp-tools
  xvfb xauth dbus-x11 at-spi2-core
)
test_pkgs=(
  python3 python3-pyatspi python3-dogtail python3-gi gir1.2-atspi-2.0
  gnome-keyring libsecret-tools imagemagick xfonts-base fonts-noto-color-emoji
  flatpak-builder nats-server inspircd postgresql-15
  poppler-utils
  openssl
)

want=("${build_pkgs[@]}")
if [ "${1:-build}" = test ]; then
  want+=("${test_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "deps: installing ${#missing[@]} Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has no package lists yet; refresh them once.
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/dropdeck-apt.log 2>&1; then
    apt-get update >>/tmp/dropdeck-apt.log 2>&1
    apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/dropdeck-apt.log 2>&1 || {
      tail -n 30 /tmp/dropdeck-apt.log >&2
      echo "deps: apt-get failed; the log is in /tmp/dropdeck-apt.log" >&2
      exit 1
    }
  fi
else
  echo "deps: missing Debian packages. Run as root:" >&2
  echo "  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
