#!/usr/bin/env bash
# run-jmh.sh [BENCHMARK] [JMH args...]  — builds benchmarks/target/benchmarks.jar and runs TokenIssueBenchmark,
# or BENCHMARK (a JMH include regex, e.g. TokenVerifyBenchmark; same as BENCH=...) if the first argument is not an option.
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java ./benchmarks/run-jmh.sh
#   ./benchmarks/run-jmh.sh -p algorithm=ES256              # one algorithm
#   ./benchmarks/run-jmh.sh -f 1 -wi 1 -i 1 -w 1s -r 1s      # smoke run (seconds, not minutes)
#   ./benchmarks/run-jmh.sh -bm avgt -tu us                  # measure µs/op instead of ops/s
#   ./benchmarks/run-jmh.sh -prof gc                         # allocation per token
#   ./benchmarks/run-jmh.sh TokenVerifyBenchmark -p alg=ES256  # token verification (issue 4); pairs: run-verify.sh
# Env: JAVA (default: java on PATH; the forked benchmark JVM is the same binary),
#      RESULTS_DIR (default: <repo>/bench-results, git-ignored), SKIP_BUILD=1 (use the jar as is),
#      BENCH (default TokenIssueBenchmark: a JMH include regex).
# Writes <RESULTS_DIR>/jmh-<timestamp>-jdk<N>.json (JMH's JSON) and .txt (its console output) and
# prints a summary with tokens/s and µs/token (= 10^6 / tokens/s; single-threaded, so the same thing).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
JAVA="${JAVA:-java}"
BENCH="${BENCH:-TokenIssueBenchmark}"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then BENCH="$1"; shift; fi
RESULTS_DIR="${RESULTS_DIR:-$REPO/bench-results}"
JAR="$HERE/target/benchmarks.jar"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building $JAR ..." >&2
  (cd "$REPO" && { mvn -B -q -o -pl benchmarks -am package -DskipTests || mvn -B -q -pl benchmarks -am package -DskipTests; }) >&2
fi
[ -f "$JAR" ] || { echo "ERROR: $JAR missing (build failed?)" >&2; exit 1; }

feature="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}')"
mkdir -p "$RESULTS_DIR"
base="$RESULTS_DIR/jmh-$(date +%Y%m%d-%H%M%S)-jdk${feature}"
{
  echo "# java: $("$JAVA" -version 2>&1 | head -1) ($JAVA)"
  echo "# machine: $(nproc) cores, $(uname -r), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# args: $BENCH $*"
} | tee "$base.txt"
"$JAVA" -jar "$JAR" "$BENCH" -rf json -rff "$base.json" "$@" 2>&1 | tee -a "$base.txt"

# Summary: tokens/s and µs per token per benchmark and algorithm (ops/ms and ms/op also as µs/op).
if command -v jq >/dev/null 2>&1; then
  echo
  printf '%-28s %-6s %-6s %14s %12s %12s\n' benchmark alg mode score error unit
  jq -r '.[] | [(.benchmark | split(".") | last), (.params.algorithm // .params.alg // "-"), .mode,
                .primaryMetric.score, (.primaryMetric.scoreError // 0), .primaryMetric.scoreUnit] | @tsv' "$base.json" |
  while IFS=$'\t' read -r name alg mode score err unit; do
    printf '%-28s %-6s %-6s %14.3f %12.3f %12s' "$name" "$alg" "$mode" "$score" "$err" "$unit"
    if [ "$unit" = "ops/s" ]; then awk -v s="$score" 'BEGIN{ if (s > 0) printf "   = %8.1f us/token", 1e6 / s }'; fi
    if [ "$unit" = "ops/ms" ]; then awk -v s="$score" 'BEGIN{ if (s > 0) printf "   = %10.3f us/op", 1e3 / s }'; fi
    if [ "$unit" = "ms/op" ]; then awk -v s="$score" -v e="$err" 'BEGIN{ printf "   = %10.3f ± %.3f us/op", s * 1e3, e * 1e3 }'; fi
    echo
  done | tee -a "$base.txt"
fi
echo "results: $base.json" >&2
