#!/usr/bin/env bash
# Installs everything the app and its tests need on Debian/Ubuntu, then the npm packages.
# Idempotent: safe to run again. Needs root or sudo for the system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libsecret-1-dev gnome-keyring dbus dbus-x11   # keytar: build + OS keyring under a private D-Bus session
  chromium                                       # browser tests (Playwright drives the system Chromium)
  build-essential python3                        # better-sqlite3 and keytar compile from source
)

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  missing=()
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
else
  echo "setup: no apt-get here; install the equivalents of: ${APT_PACKAGES[*]}" >&2
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund
