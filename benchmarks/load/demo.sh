# demo.sh: sourced by the load scripts that start Scopekeeper through the launcher (startup.sh, http-floor.sh,
# interleave.sh).
# start_demo LOG ARGS...: `./scopekeeper demo ARGS...` in the background, its output in LOG; sets DEMO_PID and
# SECRET (the archiver's secret, which the demo prints once it listens). Exits the script if no secret comes.
start_demo() {
  local log="$1"; shift
  "$REPO/scopekeeper" demo "$@" > "$log" 2>&1 &
  DEMO_PID=$!
  SECRET=""
  for _ in $(seq 1 600); do
    SECRET="$(sed -n 's/^  archiver .*secret: \([^ ]*\).*/\1/p' "$log" | head -1)"
    [ -n "$SECRET" ] && return 0
    kill -0 "$DEMO_PID" 2>/dev/null || break
    sleep 0.05
  done
  cat "$log" >&2; echo "demo did not start" >&2; exit 1
}

# wait_token PORT SECRET PID: returns 0 once the token endpoint on 127.0.0.1:PORT answers 200 to the archiver,
# 1 when PID has exited or after 30 s. Polls every 10 ms (the resolution of the start-up figures).
wait_token() {
  local status
  for _ in $(seq 1 3000); do
    status="$(curl -s -o /dev/null -w '%{http_code}' -u "archiver:$2" -d grant_type=client_credentials \
                "http://127.0.0.1:$1/token" 2>/dev/null || true)"
    [ "$status" = 200 ] && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.01
  done
  return 1
}

# min_median_max: numbers on standard input, one per line -> "MIN / MEDIAN / MAX".
min_median_max() { sort -n | awk '{a[NR]=$1} END{printf "%d / %d / %d", a[1], a[int((NR+1)/2)], a[NR]}'; }
