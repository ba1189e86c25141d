#!/usr/bin/env bash
# Installs the locked tus-js-client (the official tus client) into the folder given, with the
# script that drives it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$1
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/tus.e2e.mjs" "$work/"
cd "$work"
if [ ! -d node_modules/tus-js-client ]; then
  npm ci --no-audit --no-fund
fi
