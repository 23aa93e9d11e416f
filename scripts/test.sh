#!/usr/bin/env bash
# The whole test suite, as CI runs it: build, type-check tests, lint, format check, then
#   unit tests (pure) and stack tests (real Kafka, registry, Redis — brought up or reused by jest's
#   global setup), then the disruptive tests that stop and restart servers, alone, then the three-broker
#   cluster test (its own private cluster, killing brokers: about two minutes), alone.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "› type-checking tests…" >&2
npx tsc -p tsconfig.check.json
echo "› lint (includes the dependency rule)…" >&2
npx eslint . --max-warnings 0
echo "› format check…" >&2
npx prettier --check . >/dev/null || { npx prettier --check . ; echo "run: npm run format" >&2; exit 1; }

mkdir -p tests/artifacts
rm -f tests/artifacts/jest-main.json tests/artifacts/jest-disruptive.json tests/artifacts/jest-cluster.json
status=0
npx jest --ci --maxWorkers=2 --selectProjects unit stack --json --outputFile=tests/artifacts/jest-main.json || status=$?
if [ "$status" -eq 0 ]; then
  npx jest --ci --runInBand --selectProjects disruptive --json --outputFile=tests/artifacts/jest-disruptive.json || status=$?
fi
if [ "$status" -eq 0 ]; then
  npx jest --ci --runInBand --selectProjects cluster --json --outputFile=tests/artifacts/jest-cluster.json || status=$?
fi
node -e '
  const fs = require("fs"); let passed = 0, failed = 0;
  for (const f of ["tests/artifacts/jest-main.json", "tests/artifacts/jest-disruptive.json", "tests/artifacts/jest-cluster.json"]) {
    if (!fs.existsSync(f)) continue; const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);'
exit "$status"
