#!/usr/bin/env bash
# http-floor.sh: how much of a token's server CPU is the HTTP stack's floor. One server, alternating wrk runs
# against GET /health/live (Jetty + Javalin + our request wrapper + the kernel's loopback path, no work) and
# POST /token (client_credentials, the same load generator settings), server CPU per request from /proc in each
# run. Alternating in one process and one window cancels most of the VM's drift; the token's own work is the
# difference: tokens CPU - floor CPU, and with MEASURE_SIGNING on, that minus the signature.
# Env: SK_ALG (ES256), SCOPEKEEPER_JAVA (the launcher's choice), ROUNDS (3), DURATION (20), WARMUP (15),
#      THREADS (2), CONNS (16), SK_PORT (19011). Servers and load stay on 127.0.0.1.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SK_ALG="${SK_ALG:-ES256}"; PORT="${SK_PORT:-19011}"; ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-20}"; WARMUP="${WARMUP:-15}"; THREADS="${THREADS:-2}"; CONNS="${CONNS:-16}"
HZ="$(getconf CLK_TCK)"
command -v wrk >/dev/null || { echo "wrk not installed (apt-get install -y wrk)" >&2; exit 1; }
DATA="$(mktemp -d)"; LOG="$DATA/server.log"; LUA="$DATA/token.lua"
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

. "$HERE/demo.sh"
export SCOPEKEEPER_JAVA_OPTS="${SCOPEKEEPER_JAVA_OPTS:-} -Dscopekeeper.measure-signing=true"
start_demo "$LOG" --port "$PORT" --photos-port -1 --data-dir "$DATA/db" --alg "$SK_ALG"; PID="$DEMO_PID"
BASE="http://127.0.0.1:$PORT"
cat > "$LUA" <<EOF
wrk.method = "POST"
wrk.body   = "grant_type=client_credentials&scope=read%3Aimages"
wrk.headers["Content-Type"]  = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $(printf 'archiver:%s' "$SECRET" | base64 -w0)"
EOF
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/live")" = 200 ] || { echo "/health/live is not 200" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -u "archiver:$SECRET" -d grant_type=client_credentials "$BASE/token")" = 200 ] \
  || { echo "/token is not 200" >&2; exit 1; }

cpu_ticks() { awk '{print $14+$15}' "/proc/$PID/stat"; }
signing() { curl -s "$BASE/metrics" | awk '$1=="scopekeeper_bench_signing_cpu_seconds_total"{s=$2} $1=="scopekeeper_bench_signatures_total"{n=$2} END{print s+0, n+0}'; }
# load KIND SECONDS -> "requests cpu_ticks non2xx sign_seconds signatures"
load() {
  local c0 c1 s0 n0 s1 n1 out
  c0="$(cpu_ticks)"; read -r s0 n0 < <(signing)
  if [ "$1" = health ]; then
    out="$(wrk -t"$THREADS" -c"$CONNS" -d"$2"s "$BASE/health/live")"
  else
    out="$(wrk -t"$THREADS" -c"$CONNS" -d"$2"s -s "$LUA" "$BASE/token")"
  fi
  c1="$(cpu_ticks)"; read -r s1 n1 < <(signing)
  echo "$(printf '%s' "$out" | awk '/requests in/{print $1}') $((c1 - c0)) $(printf '%s' "$out" | awk '/Non-2xx/{print $NF}' | grep . || echo 0) $s0 $n0 $s1 $n1"
}
echo "warm-up: ${WARMUP}s of each"
load token "$WARMUP" >/dev/null; load health "$WARMUP" >/dev/null
echo "date: $(date -Is)  java: $(readlink -f "/proc/$PID/exe")  alg: $SK_ALG  $THREADS threads, $CONNS connections, ${DURATION}s per run"
for r in $(seq 1 "$ROUNDS"); do
  for kind in health token; do
    read -r n ticks bad s0 n0 s1 n1 < <(load "$kind" "$DURATION")
    awk -v k="$kind" -v r="$r" -v n="$n" -v t="$ticks" -v hz="$HZ" -v d="$DURATION" -v bad="$bad" \
        -v s="$(awk -v a="$s0" -v b="$s1" 'BEGIN{print b-a}')" -v sn=$((n1 - n0)) 'BEGIN{
      us = 1e6 * t / hz / n; printf "round %d %-6s %8.0f req/s  server CPU %6.1f us/request", r, k, n / d, us
      if (sn > 0) printf "  signature %6.1f us  beyond it %5.1f us", 1e6 * s / sn, us - 1e6 * s / sn
      if (bad > 0) printf "  NON-2XX %d", bad
      printf "\n" }'
  done
done | tee "$DATA/rounds.txt"
awk '{k=$3; c[k]+=$8; n[k]++} /beyond/{b+=$15; nb++} END{
  f = c["health"] / n["health"]; t = c["token"] / n["token"]
  printf "mean: floor (GET /health/live) %.1f us, token %.1f us, beyond the signature %.1f us, of which the floor %.1f us and the token endpoint'"'"'s own work %.1f us\n", f, t, b / nb, f, b / nb - f }' "$DATA/rounds.txt"
