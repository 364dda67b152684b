#!/usr/bin/env bash
# The PyTorch engine's options, side by side: the engine alone (in-process, one thread, ready tensors, no decode)
# on mobilenet_v2 with DJL's graph optimizer off (the app's setting) and on, and the int8 copy of the model, run
# in turn ROUNDS times so that each comparison is measured minutes apart at most. Prints one line per case and
# run: images/s, p50, p99 and CPU ms per image; plus each run's time to the first answer (load + first call).
#
#   bench/engine-options.sh [ROUNDS] [SECONDS]      (default 3 rounds of 8 s per case; SKIP_BUILD=1 reuses the jar)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECONDS_PER_CASE=${2:-8}
SHARED=${SHARED:-../shared}
JAR=target/image-classifier-1.0.0.jar
[[ "${SKIP_BUILD:-}" == 1 && -f "$JAR" ]] || mvn -q -B -DskipTests package

engine() { # label model batches graph-optimizer
  java -Dai.djl.offline=true -Dlogback.configurationFile=bench/logback-bench.xml -Dbench.batches="$3" \
    -Dbench.engineOnly=true -Dai.djl.pytorch.graph_optimizer="$4" \
    -Dloader.path=target/test-classes -Dloader.main=com.example.classifier.bench.EngineBench \
    -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
    "$SHARED/models" "$SHARED/images/photos" "$2" "$SECONDS_PER_CASE" 2>/dev/null \
    | awk -v label="$1" '$1 == "FIRST" {print label, "first answer after", $2, "ms (load + first call)"} $1 == "RESULT" {printf "%s %s: %s images/s, p50 %s ms, p99 %s ms, CPU %s ms/image\n", label, $3, $5, $6, $7, $9}'
}

echo "# engine options, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  engine "round $round optimizer-off" mobilenet_v2 1,2 false
  engine "round $round optimizer-on " mobilenet_v2 1,2 true
  engine "round $round int8         " mobilenet_v2_int8 1 false
done
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
