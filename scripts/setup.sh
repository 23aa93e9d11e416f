#!/usr/bin/env bash
# Installs the Node dependencies (when missing or stale) and builds every workspace.
# Safe to run repeatedly; the quick-start and test commands call it first.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Homefirst Hub needs Node.js 20.19 or newer (found: $(node -v 2>/dev/null || echo none))." >&2
  exit 1
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: npm 11 writes lock files without other platforms' optional
  # packages (e.g. @swc/core-darwin-*) and then `npm ci` refuses them; install honours the lock.
  echo "› installing Node dependencies (npm install)…" >&2
  npm install --no-audit --no-fund --ignore-scripts
fi
# Our fixes to dependencies (patches/README.md); idempotent, so run every time.
npx patch-package >/dev/null
echo "› building (tsc -b)…" >&2
npx tsc -b
