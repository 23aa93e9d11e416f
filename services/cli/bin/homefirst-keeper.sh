#!/usr/bin/env bash
# homefirst-keeper: runs one hub service for `homefirst up` and starts it again when it ends unasked.
#
#   homefirst-keeper.sh NAME STATE_FILE COMMAND [ARG...]
#
# The hub's services exit when they cannot go on (a consumer kafkajs will not restart, Kafka or Redis lost for
# longer than their retries) and leave the restart to a supervisor: Kubernetes in production, this keeper on one
# machine. It is the process group leader `homefirst up` starts (its pid in .hub/run/NAME.pid), so `homefirst
# down` signals the keeper and the service together: the service shuts down gracefully, and the keeper, seeing
# the signal, does not start it again. Bash rather than Node: eight keepers cost a few MB, not 300.
#
# - A first run that ends within HOMEFIRST_KEEPER_STARTUP_S seconds (default 15) is a failed start, not a crash:
#   the keeper exits with the service's code, and `homefirst up` reports it with the log's last lines.
# - Otherwise the service is started again after 1, 2, 5, 10, then every 30 s while it keeps failing; a run of
#   HOMEFIRST_KEEPER_STEADY_S seconds (default 60) starts that sequence again.
# - Each restart is a warn line in the service's log (its JSON shape) and STATE_FILE says how many there were
#   and how the last run ended, for `homefirst status`.
set -u

if [ "$#" -lt 3 ]; then
  echo "usage: homefirst-keeper.sh NAME STATE_FILE COMMAND [ARG...]" >&2
  exit 2
fi
name=$1
state=$2
shift 2
startup=${HOMEFIRST_KEEPER_STARTUP_S:-15}
steady=${HOMEFIRST_KEEPER_STEADY_S:-60}
backoff=(1 2 5 10 30)

# The service's stderr is the log (fd 3); bash's own notices ("… Killed") are not JSON lines and go nowhere.
exec 3>&2 2>/dev/null

stopping=0
# The service runs in the foreground: bash takes the signal once the service has ended (it had it too).
trap 'stopping=1' TERM INT HUP

log() {
  printf '{"level":"%s","time":"%s","service":"%s","component":"keeper",%s"msg":"%s"}\n' \
    "$1" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" "$2" "$3"
}

runs=0
restarts=0
failures=0
rm -f "$state"
while :; do
  runs=$((runs + 1))
  started=$SECONDS
  "$@" 2>&3
  code=$?
  ran=$((SECONDS - started))
  if [ "$stopping" -eq 1 ]; then
    exit "$code"
  fi
  if [ "$runs" -eq 1 ] && [ "$ran" -lt "$startup" ]; then
    log error "\"exitCode\":$code,\"ranSeconds\":$ran," "service ended during start-up; not restarted"
    exit "$code"
  fi
  if [ "$ran" -ge "$steady" ]; then failures=0; fi
  index=$((failures < ${#backoff[@]} ? failures : ${#backoff[@]} - 1))
  wait_s=${backoff[$index]}
  failures=$((failures + 1))
  restarts=$((restarts + 1))
  printf '{"restarts":%d,"lastExitCode":%d,"lastExitAt":"%s"}\n' \
    "$restarts" "$code" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$state.tmp" && mv "$state.tmp" "$state"
  log warn "\"exitCode\":$code,\"ranSeconds\":$ran,\"restartInSeconds\":$wait_s,\"restarts\":$restarts," \
    "service ended; starting it again"
  # sleep in the background so a signal ends the wait at once
  sleep "$wait_s" &
  wait $! || true
  if [ "$stopping" -eq 1 ]; then
    exit 0
  fi
done
