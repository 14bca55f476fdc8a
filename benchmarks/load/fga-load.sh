#!/usr/bin/env bash
# fga-load.sh — the relationship engine over HTTP (issue 5): starts `scopekeeper serve` on 127.0.0.1 over the FGA
# benchmark dataset (1.27 million tuples, benchmarks/.../fga/FgaDataset) in PostgreSQL or an H2 file, gets a
# client_credentials token with fga.read, checks a sample of answers, then drives POST /fga/check (one run per check
# class) and POST /fga/list-objects with wrk: per run WARMUP s warm-up + DURATION s measured, latency percentiles,
# server CPU per request (and PostgreSQL's backends'), RSS, load average; stops the server at the end.
# The server has no in-memory tuple store: it always keeps tuples in its database (H2 file by default).
#   benchmarks/load/fga-load.sh                        # PostgreSQL, all check classes and list-objects, CONNS 1 and 8
#   STORE=h2 benchmarks/load/fga-load.sh               # the embedded default (H2 file under bench-results/fga-h2)
#   SETS="check-allowed-shallow" CONNS=1 WARMUP=10 DURATION=20 benchmarks/load/fga-load.sh   # one quick figure
#   SCOPEKEEPER_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/load/fga-load.sh
# Env: STORE (postgres | h2; default postgres), PG_URL (jdbc:postgresql://127.0.0.1:5432/fgabench), PG_USER
#      (postgres; password in $FGA_PG_PASSWORD), H2_DIR (bench-results/fga-h2), SETS (default: the four check classes
#      and list-objects), CONNS (wrk connections, one run each; default "1 8"), WRK_THREADS (1), WARMUP (30),
#      DURATION (30), SK_PORT (19400), SCOPEKEEPER_JAVA (java binary; default java on PATH), SCOPEKEEPER_JAVA_OPTS
#      (extra JVM options after the launcher's), SKIP_BUILD=1, RESULTS_DIR (bench-results/fga-http-<time>-<store>-jdk<N>).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STORE="${STORE:-postgres}"
PG_URL="${PG_URL:-jdbc:postgresql://127.0.0.1:5432/fgabench}"; PG_USER="${PG_USER:-postgres}"
H2_DIR="$(mkdir -p "${H2_DIR:-$REPO/bench-results/fga-h2}" && cd "${H2_DIR:-$REPO/bench-results/fga-h2}" && pwd)"
SETS="${SETS:-check-allowed-shallow check-allowed-deep check-denied-shallow check-denied-deep list-objects}"
CONNS="${CONNS:-1 8}"; WRK_THREADS="${WRK_THREADS:-1}"; WARMUP="${WARMUP:-30}"; DURATION="${DURATION:-30}"
SK_PORT="${SK_PORT:-19400}"
JAVA="${SCOPEKEEPER_JAVA:-java}"
JAR="$REPO/cli/target/scopekeeper.jar"; BENCH_JAR="$REPO/benchmarks/target/benchmarks.jar"
HZ="$(getconf CLK_TCK)"
die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { # CPU of the PostgreSQL backends connected to the benchmark database (other databases' work excluded)
  local t=0 p
  for p in $(pgrep -f "postgres: .* ${PG_URL##*/} " || true); do t=$((t + $(cpu_ticks "$p"))); done
  echo "$t"
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "$STORE" in postgres|h2) ;; *) die "STORE must be postgres or h2";; esac
command -v wrk >/dev/null || die "wrk not installed (apt-get install -y wrk)"
command -v jq >/dev/null || die "jq not installed"
port_free "$SK_PORT" || die "port 127.0.0.1:$SK_PORT is busy"
JDK="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}')"
OUT="${RESULTS_DIR:-$REPO/bench-results/fga-http-$(date +%Y%m%d-%H%M%S)-$STORE-jdk$JDK}"
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building the server and the benchmarks jar"
  (cd "$REPO" && { mvn -B -q -o -DskipTests -pl cli,benchmarks -am package || mvn -B -q -DskipTests -pl cli,benchmarks -am package; }) >&2
fi
[ -f "$JAR" ] && [ -f "$BENCH_JAR" ] || die "missing $JAR or $BENCH_JAR"

# The launcher's JVM options (./scopekeeper), read from it so both stay the same.
OPTS_LINE="$(sed -n '/^OPTS=(/,/)/p' "$REPO/scopekeeper" | tr '\n' ' ')"
[ -n "$OPTS_LINE" ] || die "cannot read the JVM options (OPTS=(...)) from $REPO/scopekeeper"
eval "$OPTS_LINE"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# shellcheck disable=SC2206
OPTS+=(${SCOPEKEEPER_JAVA_OPTS:-})

# The dataset: loaded unless the database already holds it; the query sets as wrk bodies.
log "dataset into $STORE"
if [ "$STORE" = postgres ]; then
  "$JAVA" -Dfga.pg.url="$PG_URL" -Dfga.pg.user="$PG_USER" -cp "$BENCH_JAR" dev.scopekeeper.benchmarks.fga.FgaBench load postgres | tee "$OUT/dataset.txt"
  DB_ARGS=(--database-url "$PG_URL" --database-user "$PG_USER")
  export SCOPEKEEPER_DATABASE_PASSWORD="${FGA_PG_PASSWORD:-}"
else
  "$JAVA" -Dfga.h2.dir="$H2_DIR" -cp "$BENCH_JAR" dev.scopekeeper.benchmarks.fga.FgaBench load h2 | tee "$OUT/dataset.txt"
  DB_ARGS=(--data-dir "$H2_DIR")
fi
"$JAVA" -cp "$BENCH_JAR" dev.scopekeeper.benchmarks.fga.FgaBench queries "$OUT/queries" | tee -a "$OUT/dataset.txt"

SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CONFIG="$OUT/fga-bench.yaml"
cat > "$CONFIG" <<YAML
# The benchmark's client: reads the FGA API (built-in audience <issuer>/fga).
clients:
  - id: fga-bench
    name: FGA benchmark
    type: confidential
    grantTypes: [client_credentials]
    allowedScopes: [fga.read]
    defaultScopes: [fga.read]
    secret: $SECRET
YAML
chmod 600 "$CONFIG"

{
  echo "date: $(date -Is)"; echo "store: $STORE"
  echo "commit: $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" status --porcelain | grep -q . && echo ' (+ uncommitted changes)')"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
  echo "java: $("$JAVA" -version 2>&1 | head -1) ($JAVA)"; echo "jvm options: ${OPTS[*]}"
  echo "load: wrk -t$WRK_THREADS, connections ($CONNS), warmup ${WARMUP}s, duration ${DURATION}s"
} | tee "$OUT/info.txt"

PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID"; for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$CONFIG"
}
trap cleanup EXIT
log "starting the server on 127.0.0.1:$SK_PORT"
"$JAVA" "${OPTS[@]}" -jar "$JAR" serve --host 127.0.0.1 --port "$SK_PORT" --config "$CONFIG" "${DB_ARGS[@]}" \
  --token-lifetime 7200 > "$OUT/server.log" 2>&1 < /dev/null &
PID=$!
URL="http://127.0.0.1:$SK_PORT"
TOKEN=""
for _ in $(seq 1 240); do
  kill -0 "$PID" 2>/dev/null || { tail -30 "$OUT/server.log" >&2; die "the server exited during start-up"; }
  TOKEN="$(curl -s -u "fga-bench:$SECRET" -d grant_type=client_credentials -d scope=fga.read "$URL/token" 2>/dev/null \
    | jq -r '.access_token // empty' 2>/dev/null || true)"
  [ -n "$TOKEN" ] && break
  sleep 0.5
done
[ -n "$TOKEN" ] || die "no token within 120 s (log: $OUT/server.log)"
echo "server pid $PID, idle RSS $(rss_kb "$PID") kB" | tee -a "$OUT/info.txt"

# Answers: the first 50 of each check set through HTTP, against the labels (proved against the engine by FgaBench verify).
for tsv in "$OUT"/queries/check-*.tsv; do
  head -50 "$tsv" | while IFS=$'\t' read -r object relation subject expected depth; do
    got="$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"object\":\"$object\",\"relation\":\"$relation\",\"subject\":\"$subject\"}" "$URL/fga/check" | jq -r .allowed)"
    [ "$got" = "$expected" ] || die "HTTP check $object#$relation@$subject: $got, expected $expected"
  done
done
log "50 answers per check set as expected"

machine() { awk '/^cpu /{print $2+$3+$4+$7+$8, $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
printf 'set\tconns\trps\tp50_ms\tp90_ms\tp99_ms\tp999_ms\tmax_ms\tnon2xx\tsocket_errors\tserver_cpu_ms_per_req\tpg_cpu_ms_per_req\tserver_cores\tmachine_busy_pct\tsteal_pct\tmax_rss_kb\tload_before\tload_after\tutc\n' > "$OUT/summary.tsv"
for set in $SETS; do
  case "$set" in list-objects) path=/fga/list-objects;; check-*) path=/fga/check;; *) die "unknown set $set";; esac
  bodies="$OUT/queries/$set.jsonl"; [ -f "$bodies" ] || die "no $bodies"
  for c in $CONNS; do
    t="$WRK_THREADS"; [ "$t" -gt "$c" ] && t="$c"
    lb="$(load)"
    log "$set, $c connection(s): warm-up ${WARMUP}s (load $lb)"
    wrk -t"$t" -c"$c" -d"${WARMUP}s" -s "$HERE/fga-wrk.lua" "$URL$path" -- "$bodies" "$TOKEN" > "$OUT/$set-c$c-warmup.txt" 2>&1
    log "$set, $c connection(s): measuring ${DURATION}s"
    rm -f "$OUT/.stop"; : > "$OUT/rss.txt"
    ( while [ ! -f "$OUT/.stop" ]; do rss_kb "$PID" >> "$OUT/rss.txt"; sleep 0.5; done ) &
    sampler=$!
    c0="$(cpu_ticks "$PID")"; p0="$(pg_ticks)"; read -r b0 s0 a0 < <(machine); t0="$(date +%s%N)"
    wrk -t"$t" -c"$c" -d"${DURATION}s" --latency -s "$HERE/fga-wrk.lua" "$URL$path" -- "$bodies" "$TOKEN" > "$OUT/$set-c$c.txt" 2>&1
    c1="$(cpu_ticks "$PID")"; p1="$(pg_ticks)"; read -r b1 s1 a1 < <(machine); t1="$(date +%s%N)"
    touch "$OUT/.stop"; wait "$sampler" 2>/dev/null || true
    res="$(grep '^RESULT' "$OUT/$set-c$c.txt" | tail -1)"; [ -n "$res" ] || die "no RESULT in $OUT/$set-c$c.txt"
    get() { printf '%s' "$res" | tr ' ' '\n' | awk -F= -v k="$1" '$1==k{print $2}'; }
    requests="$(get requests)"
    line="$(awk -v c=$((c1 - c0)) -v p=$((p1 - p0)) -v hz="$HZ" -v n="$requests" -v ns=$((t1 - t0)) \
                -v b=$((b1 - b0)) -v s=$((s1 - s0)) -v a=$((a1 - a0)) 'BEGIN{
      printf "%.3f\t%.3f\t%.2f\t%.0f\t%.0f", 1000*c/hz/n, 1000*p/hz/n, c/hz/(ns/1e9), 100*b/a, 100*s/a }')"
    maxrss="$(sort -n "$OUT/rss.txt" | tail -1)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$set" "$c" "$(get rps)" "$(get p50_ms)" \
      "$(get p90_ms)" "$(get p99_ms)" "$(get p999_ms)" "$(get max_ms)" "$(get non2xx)" "$(get socket_errors)" "$line" \
      "$maxrss" "$lb" "$(load)" "$(date -u +%H:%M:%S)" >> "$OUT/summary.tsv"
    tail -1 "$OUT/summary.tsv" >&2
  done
done
rm -f "$OUT/.stop" "$OUT/rss.txt"
echo "server RSS after the runs: $(rss_kb "$PID") kB" | tee -a "$OUT/info.txt"
grep -E 'ERROR|Exception' "$OUT/server.log" | head -5 > "$OUT/server-errors.txt" || true
echo
column -t -s $'\t' "$OUT/summary.tsv"
[ -s "$OUT/server-errors.txt" ] && { echo "server log errors:"; cat "$OUT/server-errors.txt"; }
log "results in $OUT"
