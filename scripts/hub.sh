#!/usr/bin/env bash
# Quick start: brings the hub up on this machine — dependencies, build, the local stack
# (Kafka, schema registry, Redis; no Docker needed) — and prints where everything listens.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
homefirst() { node services/cli/bin/homefirst.js "$@"; }
homefirst stack up
homefirst topics apply
echo
echo "Homefirst Hub is up. Stop it with: npx homefirst stack down   (data stays in .hub/)"
echo "Status: npx homefirst stack status    Logs: npx homefirst stack logs [kafka|registry|redis]"
