#!/usr/bin/env bash
# Quick start: brings the whole hub up on this machine — dependencies, build, the local stack
# (Kafka, schema registry, Redis; no Docker needed), the topics, every service (connectors, projector,
# API + board) and the demo city feeding them — and prints the board URL with a development token.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
homefirst() { node services/cli/bin/homefirst.js "$@"; }
homefirst up --demo "$@"
echo "Status: npx homefirst status    Logs: .hub/logs/<service>.log    Stack: npx homefirst stack status"
