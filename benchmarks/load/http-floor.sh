#!/usr/bin/env bash
# http-floor.sh: how much of a token's server CPU is the HTTP stack's floor. One server, alternating wrk runs
# against GET /health/live (Jetty + Javalin + our request wrapper + the kernel's loopback path, no work) and
# POST /token (client_credentials, the same load generator settings), server CPU per request from /proc in each
# run. Alternating in one process and one window cancels most of the VM's drift; the token's own work is the
# difference: tokens CPU - floor CPU, and with MEASURE_SIGNING on, that minus the signature.
# Where nginx is installed (Debian: apt-get install -y nginx-light), each round also measures it serving a static
# file of the token response's size on 127.0.0.1, as fast as wrk can ask ("nginx") and paced by wrk to about the
# token's rate ("nginx@token"): the CPU per request of an event-loop server in C, the kernel's loopback path
# included, i.e. what any HTTP request costs on this machine before a JVM does anything (NGINX=0 skips it).
# Env: SK_ALG (ES256), SCOPEKEEPER_JAVA (the launcher's choice), ROUNDS (3), DURATION (20), WARMUP (15),
#      THREADS (2), CONNS (16), SK_PORT (19011), NGINX (1 if nginx is installed), NGINX_PORT (19012).
#      Servers and load stay on 127.0.0.1.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SK_ALG="${SK_ALG:-ES256}"; PORT="${SK_PORT:-19011}"; ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-20}"; WARMUP="${WARMUP:-15}"; THREADS="${THREADS:-2}"; CONNS="${CONNS:-16}"
NGINX_PORT="${NGINX_PORT:-19012}"
if command -v nginx >/dev/null 2>&1; then NGINX="${NGINX:-1}"; else NGINX=0; fi
HZ="$(getconf CLK_TCK)"
command -v wrk >/dev/null || { echo "wrk not installed (apt-get install -y wrk)" >&2; exit 1; }
DATA="$(mktemp -d)"; LOG="$DATA/server.log"; LUA="$DATA/token.lua"
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null
  [ -f "$DATA/nginx/nginx.pid" ] && kill "$(cat "$DATA/nginx/nginx.pid")" 2>/dev/null
  wait 2>/dev/null || true; rm -rf "$DATA"
}
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

if [ "$NGINX" = 1 ]; then
  # Two workers (one per core), no logging, keep-alive for the whole run; the file has
  # the size of a token response. Its directories are readable by the unprivileged user nginx's workers run as.
  mkdir -p "$DATA/nginx/html"; chmod 755 "$DATA" "$DATA/nginx" "$DATA/nginx/html"
  size="$(curl -s -o /dev/null -w '%{size_download}' -u "archiver:$SECRET" -d grant_type=client_credentials "$BASE/token")"
  head -c "$size" /dev/zero | tr '\0' a > "$DATA/nginx/html/token.json"; chmod 644 "$DATA/nginx/html/token.json"
  cat > "$DATA/nginx/nginx.conf" <<NGINX_CONF
worker_processes 2;
pid $DATA/nginx/nginx.pid;
error_log $DATA/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path $DATA/nginx; proxy_temp_path $DATA/nginx; fastcgi_temp_path $DATA/nginx;
  uwsgi_temp_path $DATA/nginx; scgi_temp_path $DATA/nginx;
  server { listen 127.0.0.1:$NGINX_PORT; root $DATA/nginx/html; location / { default_type application/json; } }
}
NGINX_CONF
  nginx -c "$DATA/nginx/nginx.conf"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/token.json")" = 200 ] \
    || { echo "nginx does not serve on 127.0.0.1:$NGINX_PORT" >&2; cat "$DATA/nginx/error.log" >&2; exit 1; }
fi
# cpu_ticks KIND: the CPU (user + system, clock ticks) of the server under test: the JVM, or nginx's workers.
cpu_ticks() {
  case "$1" in
    nginx*) local p t=0
            for p in $(pgrep -P "$(cat "$DATA/nginx/nginx.pid")"); do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done
            echo "$t";;
    *) awk '{print $14+$15}' "/proc/$PID/stat";;
  esac
}
signing() { curl -s "$BASE/metrics" | awk '$1=="scopekeeper_bench_signing_cpu_seconds_total"{s=$2} $1=="scopekeeper_bench_signatures_total"{n=$2} END{print s+0, n+0}'; }
# load KIND SECONDS -> "requests cpu_ticks non2xx sign_seconds signatures"
load() {
  local c0 c1 s0 n0 s1 n1 out
  c0="$(cpu_ticks "$1")"; read -r s0 n0 < <(signing)
  case "$1" in
    health) out="$(wrk -t"$THREADS" -c"$CONNS" -d"$2"s "$BASE/health/live")";;
    token) out="$(wrk -t"$THREADS" -c"$CONNS" -d"$2"s -s "$LUA" "$BASE/token")";;
    nginx) out="$(wrk -t"$THREADS" -c"$CONNS" -d"$2"s "http://127.0.0.1:$NGINX_PORT/token.json")";;
    nginx@token) out="$(wrk -t"$THREADS" -c"$CONNS" -d"$2"s -s "$DATA/paced.lua" "http://127.0.0.1:$NGINX_PORT/token.json")";;
  esac
  c1="$(cpu_ticks "$1")"; read -r s1 n1 < <(signing)
  echo "$(printf '%s' "$out" | awk '/requests in/{print $1}') $((c1 - c0)) $(printf '%s' "$out" | awk '/Non-2xx/{print $NF}' | grep . || echo 0) $s0 $n0 $s1 $n1"
}
echo "warm-up: ${WARMUP}s of each"
load token "$WARMUP" >/dev/null; load health "$WARMUP" >/dev/null
echo "date: $(date -Is)  java: $(readlink -f "/proc/$PID/exe")  alg: $SK_ALG  $THREADS threads, $CONNS connections, ${DURATION}s per run"
KINDS="health token"; [ "$NGINX" = 1 ] && KINDS="$KINDS nginx nginx@token"
for r in $(seq 1 "$ROUNDS"); do
  for kind in $KINDS; do
    read -r n ticks bad s0 n0 s1 n1 < <(load "$kind" "$DURATION")
    if [ "$kind" = token ]; then # wrk waits this many ms before each request of a connection: about the token's rate
      echo "function delay() return $(awk -v n="$n" -v d="$DURATION" -v c="$CONNS" 'BEGIN{x = 1000 * c * d / n; printf "%d", (x < 1 ? 1 : x + 0.5)}') end" > "$DATA/paced.lua"
    fi
    awk -v k="$kind" -v r="$r" -v n="$n" -v t="$ticks" -v hz="$HZ" -v d="$DURATION" -v bad="$bad" \
        -v s="$(awk -v a="$s0" -v b="$s1" 'BEGIN{print b-a}')" -v sn=$((n1 - n0)) 'BEGIN{
      us = 1e6 * t / hz / n; printf "round %d %-6s %8.0f req/s  server CPU %6.1f us/request", r, k, n / d, us
      if (sn > 0) printf "  signature %6.1f us  beyond it %5.1f us", 1e6 * s / sn, us - 1e6 * s / sn
      if (bad > 0) printf "  NON-2XX %d", bad
      printf "\n" }'
  done
done | tee "$DATA/rounds.txt"
awk '{k=$3; c[k]+=$8; q[k]+=$4; n[k]++} /beyond/{b+=$15; nb++} END{
  f = c["health"] / n["health"]; t = c["token"] / n["token"]
  printf "mean: floor (GET /health/live) %.1f us, token %.1f us, beyond the signature %.1f us, of which the floor %.1f us and the token endpoint'"'"'s own work %.1f us\n", f, t, b / nb, f, b / nb - f
  if (n["nginx"] > 0) printf "nginx, a file of the same size: %.1f us/request at %.0f req/s, %.1f us/request at %.0f req/s (paced near the token rate)\n", c["nginx"] / n["nginx"], q["nginx"] / n["nginx"], c["nginx@token"] / n["nginx@token"], q["nginx@token"] / n["nginx@token"] }' "$DATA/rounds.txt"
