#!/usr/bin/env bash
# The whole test suite, as CI runs it: build, type-check tests, lint, format check, then
#   unit tests (pure) and stack tests (real Kafka, registry, Redis — brought up beside the static checks, or
#   by jest's global setup), then the disruptive and outage tests that stop and restart servers (the shared
#   stack's, their private stack's), in band, with the three-broker cluster test (its own private cluster,
#   killing brokers: about two minutes) beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

mkdir -p tests/artifacts
# The three static checks are single-threaded: type-checking the tests and the format check run beside the
# lint (about 20 + 20 s beside 55 s on two cores, where one after another took 95 s).
echo "› type-checking tests, lint (includes the dependency rule) and format check, side by side…" >&2
started=$SECONDS
# The stack comes up meanwhile (about 30 s, mostly waiting on the JVMs); jest's global setup reuses it, or
# brings it up itself if this failed (its log is then in tests/artifacts/stack-up.log).
stack_pid=
if [ "${HOMEFIRST_STACK:-}" != external ]; then
  node services/cli/bin/homefirst.js stack up >tests/artifacts/stack-up.log 2>&1 &
  stack_pid=$!
fi
npx tsc -p tsconfig.check.json >tests/artifacts/tsc-check.log 2>&1 &
tsc_pid=$!
npx prettier --check . >tests/artifacts/prettier.log 2>&1 &
prettier_pid=$!
lint=0
npx eslint . --max-warnings 0 || lint=$?
typecheck=0
wait "$tsc_pid" || typecheck=$?
format=0
wait "$prettier_pid" || format=$?
if [ "$typecheck" -ne 0 ]; then cat tests/artifacts/tsc-check.log >&2; echo "type-check of the tests failed" >&2; fi
if [ "$format" -ne 0 ]; then cat tests/artifacts/prettier.log >&2; echo "run: npm run format" >&2; fi
if [ "$lint" -ne 0 ] || [ "$typecheck" -ne 0 ] || [ "$format" -ne 0 ]; then
  # Let the stack finish coming up, so that `stack down` (CI's exit trap) finds whole servers to stop.
  if [ -n "$stack_pid" ]; then wait "$stack_pid" || true; fi
  exit 1
fi
echo "› static checks took $((SECONDS - started)) s" >&2

if [ -n "$stack_pid" ] && ! wait "$stack_pid"; then
  echo "› the stack did not come up beside the static checks (tests/artifacts/stack-up.log); jest tries again" >&2
fi

rm -f tests/artifacts/jest-main.json tests/artifacts/jest-disruptive.json tests/artifacts/jest-cluster.json
status=0
started=$SECONDS
npx jest --ci --maxWorkers=2 --selectProjects unit stack --json --outputFile=tests/artifacts/jest-main.json || status=$?
echo "› unit and stack tests took $((SECONDS - started)) s" >&2
if [ "$status" -eq 0 ]; then
  # The disruptive and outage projects (stopping the shared stack's servers, and their private stack's) run in
  # band, and the cluster test (its own three brokers, registry and Redis, ports 23xxx) beside them: they spend
  # much of their time waiting for servers to restart (the disruptive tests about half), so side by side took
  # 284 s where one after the other took 346. Three runs side by side (outage apart too) took 260 s, but with
  # every test nearly twice as long (some at two thirds of their timeout): not worth the risk on two cores.
  started=$SECONDS
  npx jest --ci --runInBand --selectProjects cluster --json --outputFile=tests/artifacts/jest-cluster.json \
    >tests/artifacts/cluster.log 2>&1 &
  cluster_pid=$!
  npx jest --ci --runInBand --selectProjects disruptive outage --json \
    --outputFile=tests/artifacts/jest-disruptive.json || status=$?
  echo "› disruptive and outage tests took $((SECONDS - started)) s" >&2
  cluster=0
  wait "$cluster_pid" || cluster=$?
  cat tests/artifacts/cluster.log >&2
  echo "› cluster tests (beside them) took $((SECONDS - started)) s" >&2
  if [ "$status" -eq 0 ]; then status=$cluster; fi
fi
node -e '
  const fs = require("fs"); let passed = 0, failed = 0;
  for (const f of ["main", "disruptive", "cluster"].map((p) => `tests/artifacts/jest-${p}.json`)) {
    if (!fs.existsSync(f)) continue; const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);'
exit "$status"
