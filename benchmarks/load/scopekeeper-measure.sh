#!/usr/bin/env bash
# scopekeeper-measure.sh [LABEL]
# Scopekeeper's counterpart of the peers' measure.sh (shared/peers/measure.sh), with its helpers
# (lib.sh) and load generator (bench-token.sh), so our figures sit next to Keycloak's and Spring AS's:
#   builds the runnable jar once if it is missing or older than the sources (never during the
#   measurement), starts `scopekeeper demo` on 127.0.0.1:$SK_PORT with a fresh data directory and
#   the launcher's JVM options, records startup ms (launch -> first 200 + access_token), checks the
#   token's alg, idle RSS (IDLE_SETTLE s after ready), then RUNS x bench-token.sh (client archiver,
#   scope read:images, HTTP Basic; each run WARMUP s warm-up + DURATION s measured) with RSS sampled
#   every 0.5 s (max and median of the measured part) and server/machine CPU during it, a plateau line
#   (mean of the last PLATEAU_RUNS runs), RSS after load, and stops the server.
# Env: SK_ALG (RS256 | PS256 | ES256 | EdDSA; default RS256) -> --alg,
#      SCOPEKEEPER_JAVA (java binary; default $PEERS_JAVA_HOME/bin/java, the peers' JVM, so the
#        comparison is not a JVM comparison), SCOPEKEEPER_JAVA_OPTS (extra JVM options),
#      SK_PORT (19000), SCOPE (read:images), DURATION (30), RUNS (2), PLATEAU_RUNS (3), IDLE_SETTLE (10),
#      THREADS/CONNS/WARMUP (see bench-token.sh), KEEP_RUNNING=1 (do not stop at the end),
#      SKIP_BUILD=1 (use cli/target/scopekeeper.jar as it is), RESTART=1 (measure a restart, the production case:
#        the fresh `demo` is stopped after its first token and `serve` started on its database; startup_ms and
#        everything after are that restart's), VIA_LAUNCHER=1 (start through ./scopekeeper,
#        with its class-data archive, instead of java -jar; SCOPEKEEPER_JAVA_OPTS then reaches the launcher),
#      MEASURE_SIGNING=1 (the server times each signature, -Dscopekeeper.measure-signing=true; every run also
#        prints sign_cpu_ms_per_token and beyond_sign_us_per_token = server CPU per token minus the signature's,
#        both from the same run, and the same with the signature charged its share of the GC time by the bytes
#        it allocated: sign_gc_ms_per_token, beyond_sign_gc_us_per_token, sign_gc_share_pct),
#      PEERS_DIR (default <repo>/../shared/peers), PEERS_HOME (see lib.sh; default /tmp/peers).
# Results: $PEERS_HOME/results/<timestamp>-scopekeeper-<label>/ (label default: <alg>-jdk<N>) and
#          one line appended to $PEERS_HOME/results/summary.tsv, in measure.sh's format.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PEERS_DIR="${PEERS_DIR:-$REPO/../shared/peers}"
[ -f "$PEERS_DIR/lib.sh" ] || { echo "ERROR: no $PEERS_DIR/lib.sh (set PEERS_DIR)" >&2; exit 1; }
PEERS_DIR="$(cd "$PEERS_DIR" && pwd)"
# demo.sh for min_median_max, before lib.sh: both define wait_token, and this script calls lib.sh's.
. "$HERE/demo.sh"
. "$PEERS_DIR/lib.sh"

LABEL="${1:-}"
SK_ALG="${SK_ALG:-RS256}"
SK_PORT="${SK_PORT:-19000}"
JAVA="${SCOPEKEEPER_JAVA:-$PEERS_JAVA_HOME/bin/java}"
JAR="$REPO/cli/target/scopekeeper.jar"
URL="http://127.0.0.1:$SK_PORT/token"
CLIENT_ID=archiver; SCOPE="${SCOPE:-read:images}"
DURATION="${DURATION:-30}"; RUNS="${RUNS:-2}"; IDLE_SETTLE="${IDLE_SETTLE:-10}"
export THREADS="${THREADS:-2}" CONNS="${CONNS:-16}" WARMUP="${WARMUP:-15}"
HZ="$(getconf CLK_TCK)"
RUN="$PEERS_HOME/scopekeeper/run"
PIDFILE="$RUN/java.pid"
LOGF="$RUN/server.log"

case "$SK_ALG" in RS256|PS256|ES256|EdDSA) ;; *) die "SK_ALG must be RS256, PS256, ES256 or EdDSA (got '$SK_ALG')";; esac
[ -x "$JAVA" ] || command -v "$JAVA" >/dev/null || die "no java at $JAVA (set SCOPEKEEPER_JAVA)"
command -v wrk >/dev/null || die "wrk not installed (apt-get install -y wrk)"
JDK="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}')"
[ -n "$LABEL" ] || LABEL="$(printf '%s' "$SK_ALG" | tr 'A-Z' 'a-z')-jdk$JDK"

# The launcher's JVM options (./scopekeeper), read from it so both stay the same.
OPTS_LINE="$(sed -n '/^OPTS=(/,/)/p' "$REPO/scopekeeper" | tr '\n' ' ')"
[ -n "$OPTS_LINE" ] || die "cannot read the JVM options (OPTS=(...)) from $REPO/scopekeeper"
eval "$OPTS_LINE"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"   # as the launcher does
if [ "${MEASURE_SIGNING:-0}" = 1 ]; then
  export SCOPEKEEPER_JAVA_OPTS="${SCOPEKEEPER_JAVA_OPTS:-} -Dscopekeeper.measure-signing=true"
fi
# shellcheck disable=SC2206
OPTS+=(${SCOPEKEEPER_JAVA_OPTS:-})

# Never next to a peer or another instance: they would share the 2 cores.
for pf in "$PEERS_HOME/keycloak/run/kc.pid" "$PEERS_HOME/keycloak/run/java.pid" "$PEERS_HOME/spring-as/run/java.pid" "$PIDFILE"; do
  [ -f "$pf" ] && is_alive "$(cat "$pf")" && die "a server is already running (pid file $pf); stop it first"
done
for p in 18080 18090 "$SK_PORT"; do port_free "$p" || die "port 127.0.0.1:$p is busy"; done

# Build once, before anything is timed (the launcher would rebuild when sources are newer).
needs_build() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(find "$REPO" \( -path '*/src/main/*' -o -name pom.xml \) -newer "$JAR" -not -path '*/target/*' -print -quit 2>/dev/null)" ]
}
if [ "${SKIP_BUILD:-0}" != 1 ] && needs_build; then
  log "building $JAR (mvn package -pl cli -am)"
  (cd "$REPO" && { mvn -B -q -o -DskipTests -pl cli -am package || mvn -B -q -DskipTests -pl cli -am package; }) >&2
fi
[ -f "$JAR" ] || die "no $JAR"
# Through the launcher, sources newer than the jar would make it rebuild while the server starts, and the new jar
# would make the launcher record a new class archive before the start measured: refuse instead of measuring that.
if [ "${VIA_LAUNCHER:-0}" = 1 ] && needs_build; then
  die "sources are newer than $JAR (edited during a comparison?): the launcher would rebuild it mid-measurement"
fi

OUT="$PEERS_HOME/results/$(date +%Y%m%d-%H%M%S)-scopekeeper-$LABEL"
mkdir -p "$OUT" "$RUN"
{
  echo "date: $(date -Is)"; echo "peer: scopekeeper $LABEL"
  echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" status --porcelain 2>/dev/null | grep -q . && echo ' (+ uncommitted changes)')"
  echo "jar: $JAR ($(date -r "$JAR" -Is))"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
  echo "java: $("$JAVA" -version 2>&1 | head -1) ($JAVA)"
  echo "jvm options: ${OPTS[*]}"
  echo "alg: $SK_ALG"
  echo "load: client=$CLIENT_ID scope='$SCOPE' threads=$THREADS conns=$CONNS warmup=${WARMUP}s duration=${DURATION}s runs=$RUNS"
} | tee "$OUT/info.txt"

DATA="$(mktemp -d "$RUN/data.XXXXXX")"
cleanup() {
  if [ "${KEEP_RUNNING:-0}" != 1 ]; then
    stop_pidfile "$PIDFILE" >/dev/null 2>&1 || true
    rm -rf "$DATA"
  fi
}
trap cleanup EXIT

# start_server COMMAND ARGS...: the server in the background, its output in $LOGF; sets PID (and the pid file).
start_server() {
  if [ "${VIA_LAUNCHER:-0}" = 1 ]; then
    # The real launcher: its JVM options plus its class-data archive (recorded by an earlier launch, see startup.sh).
    SCOPEKEEPER_JAVA="$JAVA" nohup "$REPO/scopekeeper" "$@" > "$LOGF" 2>&1 < /dev/null &
  else
    nohup "$JAVA" "${OPTS[@]}" -jar "$JAR" "$@" > "$LOGF" 2>&1 < /dev/null &
  fi
  PID=$!
  echo "$PID" > "$PIDFILE"
}

# Start: a fresh H2 database, so startup includes migrations, key generation and the demo config.
t0=$(now_ms)
start_server demo --port "$SK_PORT" --photos-port -1 --data-dir "$DATA" --alg "$SK_ALG"
# The demo prints the archiver's fresh secret once it listens: "  archiver  confidential  secret: XXX".
SECRET=""
deadline=$(( $(date +%s) + PEERS_START_TIMEOUT ))
while [ -z "$SECRET" ]; do
  is_alive "$PID" || { tail -40 "$LOGF" >&2; die "scopekeeper exited during startup (log: $LOGF)"; }
  [ "$(date +%s)" -lt "$deadline" ] || { tail -40 "$LOGF" >&2; die "no archiver secret within ${PEERS_START_TIMEOUT}s"; }
  SECRET="$(sed -n 's/^ *archiver .*secret: *\([^ ]*\).*/\1/p' "$LOGF" | head -1)"
  [ -n "$SECRET" ] || sleep 0.05
done
if ! wait_token "$URL" "$CLIENT_ID" "$SECRET" "$PEERS_START_TIMEOUT" "$PID"; then
  tail -40 "$LOGF" >&2
  die "scopekeeper did not issue a token within ${PEERS_START_TIMEOUT}s (log: $LOGF)"
fi
if [ "${RESTART:-0}" = 1 ]; then
  stop_pidfile "$PIDFILE" >/dev/null 2>&1 || true
  t0=$(now_ms)
  start_server serve --port "$SK_PORT" --data-dir "$DATA" --alg "$SK_ALG"
  if ! wait_token "$URL" "$CLIENT_ID" "$SECRET" "$PEERS_START_TIMEOUT" "$PID"; then
    tail -40 "$LOGF" >&2
    die "scopekeeper did not issue a token within ${PEERS_START_TIMEOUT}s after the restart (log: $LOGF)"
  fi
fi
t1=$(now_ms)
STARTUP_MS=$((t1 - t0))
echo "$STARTUP_MS" > "$RUN/startup_ms"
alg="$(token_alg "$URL" "$CLIENT_ID" "$SECRET")"
[ "$alg" = "$SK_ALG" ] || die "access token header says alg=${alg:-?}, expected $SK_ALG"
echo "scopekeeper up: pid=$PID startup_ms=$STARTUP_MS rss_kb=$(rss_kb "$PID") token_url=$URL alg=$alg" | tee "$OUT/start.txt"

log "idle settle ${IDLE_SETTLE}s"
sleep "$IDLE_SETTLE"
IDLE_RSS="$(rss_kb "$PID")"
echo "idle_rss_kb=$IDLE_RSS (after ${IDLE_SETTLE}s idle)" | tee -a "$OUT/start.txt"

# /proc/stat cpu line: user nice system idle iowait irq softirq steal ...
# busy = user+nice+system+irq+softirq; steal reported separately (VM noise indicator).
machine_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8, $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
# With MEASURE_SIGNING=1: "signing_cpu_seconds signatures signing_allocated_bytes gc_pause_seconds allocated_bytes"
# from the server's /metrics (else zeros): the last two are the JVM's (all GC pauses, all bytes allocated).
signing_meters() {
  if [ "${MEASURE_SIGNING:-0}" = 1 ]; then
    curl -s "http://127.0.0.1:$SK_PORT/metrics" | awk '
      $1=="scopekeeper_bench_signing_cpu_seconds_total"{s=$2} $1=="scopekeeper_bench_signatures_total"{n=$2}
      $1=="scopekeeper_bench_signing_allocated_bytes_total"{a=$2} $1 ~ /^jvm_gc_pause_seconds_sum[{ ]/{g+=$NF}
      $1=="jvm_gc_memory_allocated_bytes_total"{t=$2}
      END{printf "%s %s %s %.6f %s\n", (s==""?0:s), (n==""?0:n), (a==""?0:a), g, (t==""?0:t)}'
  else
    echo "0 0 0 0 0"
  fi
}

TSV_LABEL="$LABEL"; [ "$SK_ALG" = RS256 ] || TSV_LABEL="$TSV_LABEL ($SK_ALG)"
line="$(date -Is)\tscopekeeper\t$TSV_LABEL\t$STARTUP_MS\t$IDLE_RSS"
for run in $(seq 1 "$RUNS"); do
  log "load run $run/$RUNS"
  samples="$OUT/rss-run$run.txt"; : > "$samples"; rm -f "$OUT/.stop"
  ( while [ ! -f "$OUT/.stop" ]; do echo "$(now_ms) $(rss_kb "$PID")" >> "$samples"; sleep 0.5; done ) &
  sampler=$!
  "$PEERS_DIR/bench-token.sh" "$URL" "$CLIENT_ID" "$SECRET" "$SCOPE" "$DURATION" 2>&1 | while IFS= read -r l; do
    case "$l" in
      measure:*) echo "$(now_ms) $(cpu_ticks "$PID") $(machine_busy)" > "$OUT/.m0"; signing_meters > "$OUT/.s0";;
      RESULT*)   echo "$(now_ms) $(cpu_ticks "$PID") $(machine_busy)" > "$OUT/.m1"; signing_meters > "$OUT/.s1";;
    esac
    echo "$l"
  done | tee "$OUT/load-run$run.txt"
  touch "$OUT/.stop"; wait "$sampler" 2>/dev/null || true
  grep -q '^RESULT' "$OUT/load-run$run.txt" || die "run $run produced no RESULT (see $OUT/load-run$run.txt)"
  read -r ta ca ba sa ta_all < "$OUT/.m0"; read -r tb cb bb sb tb_all < "$OUT/.m1"
  server_cores="$(awk -v c=$((cb - ca)) -v hz="$HZ" -v ms=$((tb - ta)) 'BEGIN{printf "%.2f", c/hz/(ms/1000)}')"
  machine_pct="$(awk -v b=$((bb - ba)) -v t=$((tb_all - ta_all)) 'BEGIN{printf "%.0f", 100*b/t}')"
  steal_pct="$(awk -v b=$((sb - sa)) -v t=$((tb_all - ta_all)) 'BEGIN{printf "%.0f", 100*b/t}')"
  # The median beside the maximum: the maximum catches a C2 compilation's arena (up to ~40 MB for a second or
  # two, BENCHMARKS.md session 9), the median is what the server holds while it serves.
  read -r _ _ median_rss _ max_rss < <(awk -v t="$ta" '$1>=t && $2!=""{print $2}' "$samples" | min_median_max; echo)
  end_rss="$(awk 'NF==2{r=$2} END{print r+0}' "$samples")"
  res="$(grep '^RESULT' "$OUT/load-run$run.txt" | tail -1)"
  get() { printf '%s' "$res" | tr ' ' '\n' | awk -F= -v k="$1" '$1==k{print $2}'; }
  cpu_ms_tok="$(awk -v c="$server_cores" -v r="$(get rps)" 'BEGIN{if (r > 0) printf "%.3f", 1000*c/r; else print "NA"}')"
  signing=""
  if [ "${MEASURE_SIGNING:-0}" = 1 ]; then
    # Both from the same measured window: the server's CPU per token (/proc ticks) and its signatures' own
    # thread CPU time (the server's meters), so machine drift between runs cancels out.
    read -r s0 n0 a0 g0 t0 < "$OUT/.s0"; read -r s1 n1 a1 g1 t1 < "$OUT/.s1"
    # The signature's garbage is collected on the GC's thread, outside its clock: charge it the GC time in
    # proportion to the bytes it allocated (young collections here copy almost nothing, so their cost follows
    # the bytes allocated). sign_gc_* are the signature with that share; beyond_sign_gc_* what is left.
    signing="$(awk -v s0="$s0" -v s1="$s1" -v n0="$n0" -v n1="$n1" -v a0="$a0" -v a1="$a1" -v g0="$g0" -v g1="$g1" \
        -v t0="$t0" -v t1="$t1" -v c="$server_cores" -v r="$(get rps)" 'BEGIN{
      n = n1 - n0; if (n > 0 && r > 0) { sign = 1000 * (s1 - s0) / n; tot = 1000 * c / r;
        printf " signatures=%d sign_cpu_ms_per_token=%.4f beyond_sign_us_per_token=%.1f sign_share_pct=%.1f", n, sign, 1000 * (tot - sign), 100 * sign / tot
        if (t1 > t0 && a1 > a0) { share = (a1 - a0) / (t1 - t0); gc = 1000 * (g1 - g0) / n;
          printf " gc_us_per_token=%.1f sign_alloc_kb=%.1f sign_alloc_share_pct=%.0f sign_gc_ms_per_token=%.4f beyond_sign_gc_us_per_token=%.1f sign_gc_share_pct=%.1f",
            1000 * gc, (a1 - a0) / n / 1024, 100 * share, sign + gc * share, 1000 * (tot - sign - gc * share), 100 * (sign + gc * share) / tot } } }')"
  fi
  echo "run$run: rps=$(get rps) p50_ms=$(get p50_ms) p99_ms=$(get p99_ms) non2xx=$(get non2xx) max_rss_kb_during_measure=$max_rss median_rss_kb_during_measure=$median_rss end_rss_kb=$end_rss server_cpu_cores=$server_cores machine_cpu_busy_pct=$machine_pct steal_pct=$steal_pct cpu_ms_per_token=$cpu_ms_tok$signing" | tee -a "$OUT/summary.txt"
  line="$line\t$(get rps)\t$(get p50_ms)\t$(get p99_ms)\t$(get non2xx)\t$max_rss\t$server_cores\t$machine_pct\t$steal_pct"
done
rm -f "$OUT/.stop" "$OUT/.m0" "$OUT/.m1" "$OUT/.s0" "$OUT/.s1"
# Plateau: mean of the last PLATEAU_RUNS runs (needs enough load before them: see the peers' README "Noise").
PLATEAU_RUNS="${PLATEAU_RUNS:-3}"; [ "$PLATEAU_RUNS" -gt "$RUNS" ] && PLATEAU_RUNS="$RUNS"
grep '^run[0-9]*:' "$OUT/summary.txt" | tail -n "$PLATEAU_RUNS" | tr ' ' '\n' | awk -F= -v n="$PLATEAU_RUNS" -v first=$((RUNS - PLATEAU_RUNS + 1)) -v last="$RUNS" -v alg="$SK_ALG" '
  $1=="rps"{r+=$2} $1=="p99_ms"{p+=$2} $1=="server_cpu_cores"{c+=$2}
  $1=="sign_cpu_ms_per_token"{sg+=$2; ns++} $1=="beyond_sign_us_per_token"{b+=$2}
  $1=="sign_gc_ms_per_token"{sgg+=$2; ng++} $1=="beyond_sign_gc_us_per_token"{bg+=$2} $1=="sign_gc_share_pct"{shg+=$2}
  END{printf "plateau (runs %d-%d, mean): alg=%s rps=%.0f p99_ms=%.1f server_cpu_cores=%.2f cpu_ms_per_token=%.3f", first, last, alg, r/n, p/n, c/n, 1000*c/r
      if (ns > 0) printf " sign_cpu_ms_per_token=%.4f beyond_sign_us_per_token=%.1f", sg/ns, b/ns
      if (ng > 0) printf " sign_gc_ms_per_token=%.4f beyond_sign_gc_us_per_token=%.1f sign_gc_share_pct=%.1f", sgg/ng, bg/ng, shg/ng
      printf "\n"}' \
  | tee -a "$OUT/summary.txt"
sleep "$IDLE_SETTLE"
POST_RSS="$(rss_kb "$PID")"
echo "startup_ms=$STARTUP_MS idle_rss_kb=$IDLE_RSS post_load_idle_rss_kb=$POST_RSS" | tee -a "$OUT/summary.txt"
grep -E 'ERROR|OutOfMemory' "$LOGF" | head -5 > "$OUT/server-errors.txt" || true
# The log holds the demo clients' secrets; they die with this instance's data directory.
cp "$LOGF" "$OUT/server.log" 2>/dev/null || true

TSV="$PEERS_HOME/results/summary.tsv"
[ -f "$TSV" ] || printf 'date\tpeer\tlabel\tstartup_ms\tidle_rss_kb\t(per run: rps\tp50_ms\tp99_ms\tnon2xx\tmax_rss_kb\tserver_cpu_cores\tmachine_busy_pct\tsteal_pct)...\tpost_load_rss_kb\n' > "$TSV"
printf "$line\t$POST_RSS\n" >> "$TSV"

echo
echo "== scopekeeper $LABEL ($SK_ALG, JDK $JDK) =="
cat "$OUT/summary.txt"
[ -s "$OUT/server-errors.txt" ] && { echo "server log errors:"; cat "$OUT/server-errors.txt"; }
log "results in $OUT"
