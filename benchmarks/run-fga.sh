#!/usr/bin/env bash
# run-fga.sh [JMH args...]  — the relationship engine in process (issue 5): FgaCheckBenchmark per store and query class,
# then FgaListObjectsBenchmark per store, one JMH run (one fork) each, with the load average before and after each run,
# and a table of mean, p50, p99, p99.9 (and ops/s for -bm thrpt). ~6 min for the default sample runs on 2 cores.
#   benchmarks/run-fga.sh                                  # SampleTime, 1 thread: latency percentiles
#   MODE=thrpt THREADS=2 benchmarks/run-fga.sh             # throughput with 2 threads
#   STORES=postgres CLASSES="ALLOWED_SHALLOW" benchmarks/run-fga.sh   # a re-run of one figure
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/run-fga.sh
# Env: JAVA, SKIP_BUILD as for run-jmh.sh; STORES (default "memory postgres"; also h2 = -Dfga.h2.dir, default
#      bench-results/fga-h2), CLASSES (default: all four check classes), LIST=0 (skip list-objects), CHECK=0 (skip
#      checks), MODE (sample | thrpt; default sample), THREADS (default 1), FGA_PROPS (e.g. "-Dfga.pg.url=jdbc:...",
#      passed to the tool and to the forks), RESULTS_DIR (default <repo>/bench-results/fga-<timestamp>-jdk<N>).
# PostgreSQL: the database of -Dfga.pg.url (default jdbc:postgresql://127.0.0.1:5432/fgabench, user postgres,
# password $FGA_PG_PASSWORD) is created and loaded by `FgaBench load postgres` first (~20 s; skipped when loaded).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
JAVA="${JAVA:-java}"
MODE="${MODE:-sample}"; THREADS="${THREADS:-1}"
STORES="${STORES:-memory postgres}"
CLASSES="${CLASSES:-ALLOWED_SHALLOW ALLOWED_DEEP DENIED_SHALLOW DENIED_DEEP}"
# shellcheck disable=SC2206
PROPS=(${FGA_PROPS:-})
feature="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}')"
export RESULTS_DIR="${RESULTS_DIR:-$REPO/bench-results/fga-$(date +%Y%m%d-%H%M%S)-jdk${feature}}"
export JAVA
mkdir -p "$RESULTS_DIR"
JAR="$HERE/target/benchmarks.jar"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building ..." >&2
  (cd "$REPO" && { mvn -B -q -o -pl benchmarks -am package -DskipTests || mvn -B -q -pl benchmarks -am package -DskipTests; }) >&2
fi
for s in $STORES; do
  case "$s" in postgres|h2) "$JAVA" "${PROPS[@]}" -cp "$JAR" dev.scopekeeper.benchmarks.fga.FgaBench load "$s" >&2;; esac
done

JVM_PROPS=""; [ ${#PROPS[@]} -gt 0 ] && JVM_PROPS="-jvmArgsAppend=${PROPS[*]}"
load() { cut -d' ' -f1-3 /proc/loadavg; }
run() { # label, then JMH args
  local label="$1"; shift
  local before; before="$(load)"
  echo "== $label, $(date -u +%H:%M:%S) UTC, load average $before" >&2
  local unit=(); [ "$MODE" = thrpt ] && unit=(-tu s)
  SKIP_BUILD=1 RESULTS_DIR="$RESULTS_DIR" "$HERE/run-jmh.sh" "$@" -bm "$MODE" "${unit[@]}" -t "$THREADS" ${JVM_PROPS:+"$JVM_PROPS"} >/dev/null
  local json; json="$(ls -t "$RESULTS_DIR"/jmh-*.json | head -1)"
  echo "$label	$before	$(load)	$(date -u +%H:%M)" > "${json%.json}.load"
}
if [ "${CHECK:-1}" = 1 ]; then
  for s in $STORES; do for c in $CLASSES; do
    run "check $s $c" 'FgaCheckBenchmark\.check$' -p store="$s" -p queries="$c"
  done; done
fi
if [ "${LIST:-1}" = 1 ]; then
  for s in $STORES; do run "list-objects $s" 'FgaListObjectsBenchmark' -p store="$s"; done
fi

echo
{
echo "# $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; mode $MODE, $THREADS thread(s); results in $RESULTS_DIR"
printf '%-13s %-9s %-16s %12s %10s %10s %10s %10s %12s  %-16s %-16s %s\n' query store class "ops/s" "mean" p50 p99 p99.9 unit \
  "load before" "load after" "UTC"
for json in "$RESULTS_DIR"/jmh-*.json; do
  loadf="${json%.json}.load"; [ -f "$loadf" ] || continue
  IFS=$'\t' read -r _ lb la at < "$loadf"
  jq -r '.[] | [(.benchmark | split(".") | .[-2] | sub("Fga"; "") | sub("Benchmark"; "")), .params.store,
                (.params.queries // "-"), .mode, .threads, .primaryMetric.score, .primaryMetric.scoreUnit,
                (.primaryMetric.scorePercentiles["50.0"] // ""), (.primaryMetric.scorePercentiles["99.0"] // ""),
                (.primaryMetric.scorePercentiles["99.9"] // "")] | @tsv' "$json" |
  while IFS=$'\t' read -r name store class mode threads score unit p50 p99 p999; do
    if [ "$mode" = thrpt ]; then
      printf '%-13s %-9s %-16s %12.1f %10s %10s %10s %10s %12s' "$name" "$store" "$class" "$score" - - - - "$unit"
    else # single-thread ops/s = 1 / mean time
      ops="$(awk -v s="$score" -v u="$unit" -v t="$threads" 'BEGIN{ k = (u == "ms/op") ? 1e3 : 1e6; printf "%.1f", t * k / s }')"
      printf '%-13s %-9s %-16s %12s %10.3f %10.3f %10.3f %10.3f %12s' "$name" "$store" "$class" "$ops" "$score" "$p50" "$p99" "$p999" "$unit"
    fi
    printf '  %-16s %-16s %s\n' "$lb" "$la" "$at"
  done
done
} | tee "$RESULTS_DIR/summary.txt"
