# demo.sh: sourced by the load scripts that start Scopekeeper through the launcher (startup.sh, http-floor.sh).
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
