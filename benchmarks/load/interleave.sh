#!/usr/bin/env bash
# interleave.sh: A/B comparisons that alternate run by run, because these VMs drift in speed by ±25 % within
# minutes and only interleaved figures compare (BENCHMARKS.md, sessions 6-7).
#   interleave.sh restarts N REPO...  restart to first token through each checkout's launcher, one start per
#                                     checkout per round (same data directory; the first start of each, which
#                                     may include recording its class-data archive, is not counted)
#   interleave.sh load N REPO...      scopekeeper-measure.sh of each checkout in turn, N rounds
#   interleave.sh peer N PEER         this checkout and a peer (spring-as | keycloak) in turn, N rounds; ours as
#                                     shipped, its signatures not timed (timing costs 1-3 us a token, and the JMX GC
#                                     notifications it brings ~1 % of the CPU, which the peer does not pay);
#                                     PEER_MEASURE_SIGNING=1 times them, for the beyond-the-signature figures
# A REPO is a checkout with a built jar, e.g. the code before a change: `git worktree add /tmp/base HEAD~1 &&
# (cd /tmp/base && mvn -B -q -o package -DskipTests -pl cli -am)`.
# Env: as scopekeeper-measure.sh (SK_ALG, SCOPEKEEPER_JAVA, RUNS, DURATION, ...) and measure.sh (PEERS_ALG,
#      PEERS_JAVA_HOME); SK_PORT for restarts (19007). Prints each run's summary lines, then for restarts
#      min/median/max per checkout.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PEERS_DIR="${PEERS_DIR:-$REPO/../shared/peers}"
MODE="${1:?usage: interleave.sh restarts|load|peer N ...}"; N="${2:?rounds}"; shift 2
export PEERS_DIR RUNS="${RUNS:-3}" PLATEAU_RUNS="${PLATEAU_RUNS:-2}" DURATION="${DURATION:-20}" IDLE_SETTLE="${IDLE_SETTLE:-3}"
summary() { grep -E 'startup_ms=|^run[0-9]|^plateau' | awk '!seen[$0]++'; }
. "$HERE/demo.sh"
prime() { # prime CHECKOUT: one demo start and stop through its launcher, so that no measured run is the JVM's
  local dir; dir="$(mktemp -d)" # the launcher builds the jar and records its class-data archive first if needed
  REPO="$1" start_demo "$dir/log" --port "${SK_PORT:-19007}" --photos-port -1 --data-dir "$dir"
  kill "$DEMO_PID"; wait "$DEMO_PID" 2>/dev/null || true; rm -rf "$dir"
}

case "$MODE" in
  restarts)
    PORT="${SK_PORT:-19007}"; DATA="$(mktemp -d)"
    trap 'pkill -f -- "--port $PORT" 2>/dev/null || true; rm -rf "$DATA"' EXIT
    start_demo "$DATA/log" --port "$PORT" --photos-port -1 --data-dir "$DATA"; kill "$DEMO_PID"; wait "$DEMO_PID" 2>/dev/null || true
    one() { # one LAUNCHER -> ms to the first 200 from the token endpoint
      local t0 pid; t0="$(date +%s%3N)"
      "$1" serve --port "$PORT" --data-dir "$DATA" > "$DATA/serve.log" 2>&1 & pid=$!
      wait_token "$PORT" "$SECRET" "$pid" || { cat "$DATA/serve.log" >&2; exit 1; }
      echo $(( $(date +%s%3N) - t0 )); kill "$pid"; wait "$pid" 2>/dev/null || true
    }
    for r in "$@"; do one "$r/scopekeeper" > /dev/null; done # not counted: may record the archive
    declare -A times
    for _ in $(seq 1 "$N"); do for r in "$@"; do times[$r]+="$(one "$r/scopekeeper") "; done; done
    for r in "$@"; do
      echo "$r: ${times[$r]}| min/median/max $(printf '%s\n' ${times[$r]} | min_median_max) ms"
    done;;
  load)
    for r in "$@"; do prime "$r"; done
    for i in $(seq 1 "$N"); do for r in "$@"; do
      echo "=== round $i: $r"
      VIA_LAUNCHER=1 MEASURE_SIGNING=1 "$r/benchmarks/load/scopekeeper-measure.sh" "interleave-$(basename "$r")" 2>&1 | summary
    done; done;;
  peer)
    PEER="${1:?peer}"; prime "$REPO"
    for i in $(seq 1 "$N"); do
      echo "=== round $i: scopekeeper"
      VIA_LAUNCHER=1 MEASURE_SIGNING="${PEER_MEASURE_SIGNING:-0}" "$HERE/scopekeeper-measure.sh" interleave 2>&1 | summary
      echo "=== round $i: $PEER"
      "$PEERS_DIR/measure.sh" "$PEER" interleave 2>&1 | summary
    done;;
  *) echo "usage: interleave.sh restarts|load|peer N ..." >&2; exit 2;;
esac
