#!/usr/bin/env bash
# compare-all.sh: Scopekeeper, Keycloak and Spring AS measured back to back in one session, one
# server at a time, for RS256 on JDK 17, ES256 on JDK 17 and ES256 on the newest JDK.
#   benchmarks/load/compare-all.sh 2>&1 | tee /tmp/compare.log
# Env: JDK17 / JDK_NEW (java homes), RUNS_KC (4), RUNS (3), PLATEAU (2), DURATION (30), CONFIGS
#      (default "RS256:17 ES256:17 ES256:new"), PEERS ("keycloak spring-as"); MEASURE_SIGNING=1 reaches
#      scopekeeper-measure.sh (our CPU per token beyond the signature, measured in process), and so does
#      VIA_LAUNCHER=1 (start through ./scopekeeper; its class-data archives are made before the first run).
# Results: $PEERS_HOME/results/summary.tsv and one directory per run (see measure.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PEERS_DIR="${PEERS_DIR:-$REPO/../shared/peers}"
JDK17="${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}"
JDK_NEW="${JDK_NEW:-$(ls -d /usr/lib/jvm/temurin-*-jdk-amd64 2>/dev/null | sort -V | tail -1)}"
RUNS_KC="${RUNS_KC:-4}"; RUNS="${RUNS:-3}"; PLATEAU="${PLATEAU:-2}"
export DURATION="${DURATION:-30}"
CONFIGS="${CONFIGS:-RS256:17 ES256:17 ES256:new}"
PEERS="${PEERS:-keycloak spring-as}"

for p in $PEERS; do "$PEERS_DIR/$p/setup.sh"; done
(cd "$REPO" && mvn -B -q -DskipTests -pl cli -am package)
if [ "${VIA_LAUNCHER:-0}" = 1 ]; then
  # The new jar made the launcher's class-data archives stale: record them now, so that no measured start
  # includes recording one.
  for home in "$JDK17" "$JDK_NEW"; do SCOPEKEEPER_JAVA="$home/bin/java" "$HERE/startup.sh" 1 | tail -1; done
fi

for cfg in $CONFIGS; do
  alg="${cfg%%:*}"; jdk="${cfg##*:}"; home="$JDK17"; [ "$jdk" = new ] && home="$JDK_NEW"
  label="$(echo "$alg" | tr 'A-Z' 'a-z')-jdk$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}')"
  echo "=== $label: scopekeeper"
  SK_ALG="$alg" SCOPEKEEPER_JAVA="$home/bin/java" PEERS_JAVA_HOME="$home" RUNS="$RUNS" PLATEAU_RUNS="$PLATEAU" SKIP_BUILD=1 \
    "$HERE/scopekeeper-measure.sh" "$label"
  for p in $PEERS; do
    r="$RUNS"; [ "$p" = keycloak ] && r="$RUNS_KC"
    echo "=== $label: $p"
    PEERS_ALG="$alg" PEERS_JAVA_HOME="$home" RUNS="$r" PLATEAU_RUNS="$PLATEAU" "$PEERS_DIR/measure.sh" "$p" "$label"
  done
done
echo "=== done; summary: ${PEERS_HOME:-/tmp/peers}/results/summary.tsv"
