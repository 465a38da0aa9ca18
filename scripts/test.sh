#!/usr/bin/env bash
# The project's test command: typecheck, lint, then every test inside a private D-Bus session with
# an unlocked gnome-keyring (so the keytar vault backend is tested for real, ENVIRONMENT.md).
# Ends with one line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mkdir -p .tmp

echo "== typecheck"; npm run -s typecheck || { echo "0 passed, 1 failed"; exit 1; }
echo "== lint"; npm run -s lint || { echo "0 passed, 1 failed"; exit 1; }

keyhome=$(mktemp -d)
trap 'rm -rf "$keyhome"' EXIT
export CHIRP_REQUIRE_KEYRING=1
rm -f .tmp/vitest.json
echo "== tests"
HOME="$keyhome" XDG_DATA_HOME="$keyhome/.local/share" XDG_RUNTIME_DIR="$keyhome" \
  dbus-run-session -- sh -c 'echo -n chirp-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$0"/node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile=.tmp/vitest.json "$@"' "$root" "$@"
rc=$?
node scripts/summarizeTests.mjs .tmp/vitest.json || rc=1
exit $rc
