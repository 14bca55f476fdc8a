#!/usr/bin/env bash
# run-verify.sh [JMH args...]  — TokenVerifyBenchmark (issue 4) as back-to-back pairs: for each algorithm, case
# (repeated, firstSeen) and mode (thrpt, avgt) one JMH run of our verifier then Spring's NimbusJwtDecoder, so that
# each ratio compares two forks measured one right after the other (the machine may be shared). ~7-9 min on 2 cores.
#   benchmarks/run-verify.sh
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/run-verify.sh
#   ALGS=ES256 MODES=thrpt benchmarks/run-verify.sh -p firstSeenPool=200000
# Env: JAVA, SKIP_BUILD as for run-jmh.sh; ALGS (default "RS256 ES256"), CASES ("repeated firstSeen"),
#      MODES ("thrpt avgt"); RESULTS_DIR (default <repo>/bench-results/verify-<timestamp>-jdk<N>).
# Prints a table: ops/ms, µs/op and our ÷ Spring ratios (throughput; time: Spring's µs ÷ ours, >1 = we are faster).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
JAVA="${JAVA:-java}"
feature="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}')"
export RESULTS_DIR="${RESULTS_DIR:-$REPO/bench-results/verify-$(date +%Y%m%d-%H%M%S)-jdk${feature}}"
export JAVA
mkdir -p "$RESULTS_DIR"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building ..." >&2
  (cd "$REPO" && { mvn -B -q -o -pl benchmarks -am package -DskipTests || mvn -B -q -pl benchmarks -am package -DskipTests; }) >&2
fi
for alg in ${ALGS:-RS256 ES256}; do
  for case in ${CASES:-repeated firstSeen}; do
    for mode in ${MODES:-thrpt avgt}; do
      echo "== $alg $case $mode, $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
      SKIP_BUILD=1 "$HERE/run-jmh.sh" "TokenVerifyBenchmark\.${case}_" -p alg="$alg" -bm "$mode" "$@" >/dev/null
    done
  done
done

echo
echo "# $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; results in $RESULTS_DIR"
printf '%-6s %-10s %-6s %22s %22s %8s\n' alg case unit scopekeeper spring ratio
jq -rs '[.[][] | {alg: .params.alg, case: (.benchmark | split(".") | last | split("_") | first),
                  who: (.benchmark | split("_") | last), mode: .mode,
                  s: .primaryMetric.score, e: (.primaryMetric.scoreError // 0)}]
        | group_by([.alg, .case, .mode]) | .[]
        | (map(select(.who == "scopekeeper")) | first) as $o | (map(select(.who == "spring")) | first) as $p
        | select($o != null and $p != null)
        | [$o.alg, $o.case, $o.mode, $o.s, $o.e, $p.s, $p.e] | @tsv' "$RESULTS_DIR"/*.json |
  # thrpt: ops/ms, ratio ours/Spring; avgt: ms/op shown as us/op, ratio Spring's time / ours (>1: we are faster)
  awk -F'\t' '{ if ($3 == "thrpt") { u = "ops/ms"; k = 1; r = $4 / $6 } else { u = "us/op"; k = 1000; r = $6 / $4 }
                printf "%-6s %-10s %-6s %12.3f +- %7.3f %12.3f +- %7.3f %7.2fx\n", $1, $2, u, $4 * k, $5 * k, $6 * k, $7 * k, r }' |
  tee "$RESULTS_DIR/summary.txt"
