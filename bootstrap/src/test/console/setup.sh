#!/usr/bin/env bash
# Installs what the console's browser test needs: Debian's Chromium (a test tool's own browser
# download cannot work on a closed network) and the locked playwright-core, into the folder given.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$1
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends chromium \
      || { apt-get update && apt-get install -y --no-install-recommends chromium; }
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium \
      || { sudo -n apt-get update && sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }
  else
    echo "Chromium is missing and cannot be installed without root: apt-get install chromium" >&2
    exit 3
  fi
fi
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/console.e2e.mjs" "$work/"
cd "$work"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
