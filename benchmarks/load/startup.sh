#!/usr/bin/env bash
# startup.sh [N]: Scopekeeper's time from launch to the first 200 token response, N restarts, through
# the real launcher (./scopekeeper serve, AppCDS and all) on a database that already holds its
# configuration and key (the production restart). A first `demo` run creates the data directory and
# the client secret (and the launcher records its class-data archive before it if the jar is new); not counted.
# Env: SCOPEKEEPER_JAVA (default: the launcher's choice, the newest JDK), SK_PORT (19003).
# Prints one line per start and "min/median/max".
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
N="${1:-5}"; PORT="${SK_PORT:-19003}"
DATA="$(mktemp -d)"; LOG="$DATA/server.log"
trap 'pkill -f -- "--port $PORT" 2>/dev/null || true; rm -rf "$DATA"' EXIT
now_ms() { date +%s%3N; }

. "$HERE/demo.sh"
start_demo "$LOG" --port "$PORT" --photos-port -1 --data-dir "$DATA"; pid="$DEMO_PID"
wait_token "$PORT" "$SECRET" "$pid"; kill "$pid"; wait "$pid" 2>/dev/null || true

times=()
for i in $(seq 1 "$N"); do
  t0="$(now_ms)"
  "$REPO/scopekeeper" serve --port "$PORT" --data-dir "$DATA" > "$LOG" 2>&1 & pid=$!
  wait_token "$PORT" "$SECRET" "$pid" || { cat "$LOG" >&2; exit 1; }
  ms=$(( $(now_ms) - t0 )); times+=("$ms")
  echo "start $i: first token after $ms ms | $(grep -a 'started in' "$LOG" | sed 's/.*started/started/')"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "startup_ms min/median/max: $(printf '%s\n' "${times[@]}" | min_median_max)"
