#!/usr/bin/env bash
# Benchmark of the classifier: builds the app, starts it on a free port, measures start-to-ready, warms it, drives
# POST /api/predictions at several concurrencies for each engine, and measures the same work in-process (engine
# alone, and decode + preprocess + inference with no HTTP) side by side. Writes bench/REPORT.md.
#
#   bench/run.sh                       # the full run (about 10 minutes on 2 cores)
#   REPEAT=1 SECONDS_PER_CASE=8 bench/run.sh
#   APP_ARGS="--classifier.pytorch-threads=1" REPORT=target/try.md bench/run.sh   # try a setting
#
# Settings (environment):
#   SHARED            folder holding models/ and images/photos/ (default ../shared)
#   MODELS            models to drive (default "mobilenet_v2 mobilenet_v2_onnx")
#   CONCURRENCIES     (default "1 4 16")
#   SECONDS_PER_CASE  recorded seconds per HTTP case and per in-process case (default 15)
#   WARM_SECONDS      unrecorded seconds before each HTTP case (default 3)
#   WARMUP_SECONDS    load at concurrency 16 on each model after start, before any measurement (default 40: the JIT
#                     compilers are still busy for a good while after start, and they take the same 2 cores)
#   REPEAT            rounds of the whole comparison (default 3)
#   START_REPEAT      app starts measured for start-to-ready (default 3; the last one serves the benchmark)
#   APP_ARGS          extra --property=value arguments, given to the app and to the in-process bench alike
#   JAVA_OPTS         extra JVM options for the app
#   SKIP_BUILD=1      use the jar and test classes already in target/
#   REPORT            where the report goes (default bench/REPORT.md)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${SHARED:-../shared}
MODELS=${MODELS:-"mobilenet_v2 mobilenet_v2_onnx"}
CONCURRENCIES=${CONCURRENCIES:-"1 4 16"}
SECONDS_PER_CASE=${SECONDS_PER_CASE:-15}
WARM_SECONDS=${WARM_SECONDS:-3}
WARMUP_SECONDS=${WARMUP_SECONDS:-40}
REPEAT=${REPEAT:-3}
APP_ARGS=${APP_ARGS:-}
JAVA_OPTS=${JAVA_OPTS:-}
REPORT=${REPORT:-bench/REPORT.md}
JAR=target/image-classifier-1.0.0.jar
WORK=target/bench
mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: > "$RESULTS"

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "building (mvn -B -q package -DskipTests: the jar and the test classes)"
  mvn -B -q package -DskipTests
fi
javac -d "$WORK/client" bench/LoadClient.java

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
APP_PID=
stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=
}
trap stop_app EXIT

start_app() {
  log "starting the app on port $PORT"
  local start_ns
  start_ns=$(date +%s%N)
  # shellcheck disable=SC2086
  MODELS_DIR=$SHARED/models java -Dai.djl.offline=true $JAVA_OPTS -jar "$JAR" --server.port="$PORT" $APP_ARGS \
    > "$WORK/app.log" 2>&1 &
  APP_PID=$!
  READY_MS=
  for _ in $(seq 1 1200); do
    if curl -fs "$BASE/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; then
      READY_MS=$(( ($(date +%s%N) - start_ns) / 1000000 ))
      # CPU the app used to get there (user + system, clock ticks of 10 ms): hardly depends on the machine's load.
      READY_CPU_MS=$(awk '{print ($14 + $15) * 10}' "/proc/$APP_PID/stat")
      break
    fi
    kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/app.log" >&2; echo "the app stopped" >&2; exit 1; }
    sleep 0.05
  done
  [[ -n "$READY_MS" ]] || { echo "the app was not ready within 60 s" >&2; exit 1; }
  log "ready in $READY_MS ms (JVM launch to readiness UP), $READY_CPU_MS ms of CPU"
}
# Start-to-ready is measured START_REPEAT times (default 3); the last start serves the benchmark.
READY_ALL=
for start in $(seq 1 "${START_REPEAT:-3}"); do
  (( start > 1 )) && stop_app
  start_app
  READY_ALL="$READY_ALL $READY_MS"
  READY_CPU_ALL="${READY_CPU_ALL:-} $READY_CPU_MS"
done
READY_MEDIAN=$(tr ' ' '\n' <<< "$READY_ALL" | grep . | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')

client() { # model label concurrency warm seconds
  java -XX:TieredStopAtLevel=1 -Xss512k -cp "$WORK/client" LoadClient "$BASE" "$@" "$SHARED/images/photos" "$APP_PID"
}
# The in-process bench runs the app's own jar (its classes and libraries) plus the test classes, so that it runs
# exactly the code and the settings the app serves with. It stays up for all rounds of one model and takes one
# command at a time, so that each in-process case runs right beside its HTTP counterpart.
start_inprocess() { # model
  # shellcheck disable=SC2086
  coproc BENCH { java -Dai.djl.offline=true -Dlogback.configurationFile=bench/logback-bench.xml -Dbench.commands=true \
    -Dloader.path=target/test-classes -Dloader.main=com.example.classifier.bench.EngineBench \
    -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
    "$SHARED/models" "$SHARED/images/photos" "$1" "$SECONDS_PER_CASE" $APP_ARGS 2>>"$WORK/inprocess.log"; }
  # bash closes a coprocess's own descriptors in subshells (pipelines): keep copies as 3 (its output) and 4 (its input).
  exec 3<&"${BENCH[0]}" 4>&"${BENCH[1]}"
}
until_line() { # read the bench's output up to a line equal to $1, passing on results
  local line
  while IFS= read -r line <&3; do
    [[ "$line" == "$1" ]] && return 0
    [[ "$line" =~ ^(RESULT|BEST|\#) ]] && echo "$line"
  done
  echo "the in-process bench stopped; see $WORK/inprocess.log" >&2
  exit 1
}
inprocess() { # command
  echo "$1" >&4
  until_line DONE
}
record() { sed "s/^/$1 $2 /" | tee -a "$RESULTS" >&2; }

log "warming up (JIT, both engines, every batch size)"
for model in $MODELS; do
  client "$model" warm 16 "$WARMUP_SECONDS" 1 > /dev/null
done

for model in $MODELS; do
  log "$model: in-process bench starting (engine alone at batches 1, 2, 4, 8 to find the best batch)"
  start_inprocess "$model"
  until_line READY | record 0 "$model"
  for round in $(seq 1 "$REPEAT"); do
    # Each in-process case next to its HTTP counterpart, in alternating order from round to round.
    http() { log "round $round, $model: HTTP, concurrency $1"; client "$model" "$model" "$1" "$WARM_SECONDS" "$SECONDS_PER_CASE" | record "$round" "$model"; }
    local_() { log "round $round, $model: in-process $1"; inprocess "$1" | record "$round" "$model"; }
    if (( round % 2 )); then
      local_ single; http 1; local_ pipeline; http 16
    else
      http 1; local_ single; http 16; local_ pipeline
    fi
    [[ " $CONCURRENCIES " == *" 4 "* ]] && http 4
  done
  echo quit >&4
  exec 3<&- 4>&-
  wait "$BENCH_PID" 2>/dev/null || true
done

SCRAPE=$WORK/prometheus.txt
curl -fs "$BASE/actuator/prometheus" > "$SCRAPE" || true
stop_app

# ---- the report ----
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
MEM=$(free -h | awk '/^Mem:/ {print $2}')
JAVA=$(java -version 2>&1 | head -1)
GIT=$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')
{
  echo "# Benchmark report"
  echo
  echo "Made by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $GIT."
  echo
  echo "| machine | |"
  echo "| --- | --- |"
  echo "| cores (nproc) | $(nproc) |"
  echo "| CPU | $CPU |"
  echo "| memory | $MEM |"
  echo "| java | $JAVA |"
  echo "| load average at the end | $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: other builds and tests ran beside this) |"
  echo "| app arguments | \`--server.port=$PORT ${APP_ARGS}\` ${JAVA_OPTS:+JVM \`$JAVA_OPTS\`} |"
  echo
  echo "**Start-to-ready** (JVM launch to \`/actuator/health/readiness\` UP, all models in \`$SHARED/models\` loaded and warmed),"
  echo "$(wc -w <<< "$READY_ALL") starts: **median $READY_MEDIAN ms** (each: $(awk '{for (i = 1; i <= NF; i++) printf "%s%s ms", (i > 1 ? ", " : ""), $i}' <<< "$READY_ALL")),"
  echo "using $(awk '{for (i = 1; i <= NF; i++) printf "%s%s ms", (i > 1 ? ", " : ""), $i}' <<< "$READY_CPU_ALL") of CPU (user + system) to get there:"
  echo "with the $(nproc) cores to itself the app needs at least half of that in wall time."
  echo
  echo "Round 0 is the engine alone (in-process, to find the best batch size). In each later round every in-process case"
  echo "runs right next to its HTTP counterpart (single next to http-c1, pipeline next to http-c16, in alternating order),"
  echo "so that each ratio compares figures measured seconds apart; ${SECONDS_PER_CASE} s recorded per case, one image per"
  echo "request, the $(ls "$SHARED"/images/photos | grep -Eci '\.(jpe?g|png|webp)$') shared photos in turn."
  echo
  echo "- \`engine-bN\`: the engine alone, in-process, one thread calling predict on ready tensors, batches of N (a request is a batch)"
  echo "- \`single\`: in-process decode + preprocess + batch-1 inference, one image at a time"
  echo "- \`pipeline-bN\`: in-process decode + preprocess on the decode threads feeding batches of N to the model's inference workers, same cores: at the engine's best batch and, if it differs, at the app's configured one; the ratios use the faster of the two"
  echo "- \`http-cN\`: the app over HTTP, N clients each sending one request (one image) at a time (the load client runs on the same 2 cores)"
  echo
  echo "## Results"
  echo
  echo "CPU ms/image: CPU time of the process doing the work (the app for http-cN, the bench JVM in-process) over the"
  echo "recorded window per image; client CPU ms/image: the load client's own. Unlike wall-clock figures, these hardly"
  echo "depend on what else the machine runs."
  echo
  echo "| round | engine | case | requests/s | images/s | p50 ms | p99 ms | errors | CPU ms/image | client CPU ms/image |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk '$3=="RESULT" {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $5, $6, $7, $8, $9, $10, $11, ($12=="" ? "" : $12)}' "$RESULTS"
  echo
  echo "## Ratios"
  echo
  echo "- served/in-process: HTTP images/s over the in-process decode+preprocess+inference images/s at the better batch size of the round (goal at concurrency 16: >= 0.85)"
  echo "- served/engine: HTTP images/s at concurrency 16 over the engine alone at its best batch (round 0: one thread, ready tensors, no decode or preprocessing; the app runs its inference workers and decode threads on the same cores, so this can pass 1)"
  echo "- p99/p50 of HTTP at concurrency 16 (goal < 4)"
  echo "- c1 p50 ratio: HTTP p50 at concurrency 1 over in-process decode+preprocess+single inference p50 (goal <= 1.3)"
  echo
  echo "| round | engine | best batch | served/in-process c1 | c4 | c16 | served/engine c16 | p99/p50 c16 | errors c16 | c1 p50 ratio | all goals met |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  awk '
    $3=="BEST" {best[$2]=$5}
    $3=="RESULT" {k=$1" "$2; c=$5
      if ($1 == 0 && c ~ /^engine-b/ && $7 > engine[$2]) engine[$2]=$7
      if (c ~ /^pipeline/ && $7 > pipe[k]) pipe[k]=$7
      if (c=="single") single[k]=$8
      if (c ~ /^http-c/) { n=substr(c,7); ips[k" "n]=$7; p50[k" "n]=$8; p99[k" "n]=$9; err[k" "n]=$10 }
      if ($1 > 0) keys[k]=1 }
    END { for (k in keys) {
      split(k, a, " ")
      r1 = (k" 1" in ips) ? ips[k" 1"]/pipe[k] : 0; r4 = (k" 4" in ips) ? ips[k" 4"]/pipe[k] : 0
      r16 = (k" 16" in ips) ? ips[k" 16"]/pipe[k] : 0
      e16 = (k" 16" in ips && engine[a[2]] > 0) ? ips[k" 16"]/engine[a[2]] : 0
      tail = (k" 16" in ips) ? p99[k" 16"]/p50[k" 16"] : 0
      lat = (k" 1" in ips) ? p50[k" 1"]/single[k] : 0
      ok = (r16 >= 0.85 && tail < 4 && err[k" 16"] == 0 && lat <= 1.3 && lat > 0) ? "yes" : "NO"
      printf "| %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %.2f | %s |\n", a[1], a[2], best[a[2]], r1, r4, r16, e16, tail, err[k" 16"], lat, ok
    } }' "$RESULTS" | sort -t'|' -k3,3 -k2,2n | tee "$WORK/ratios.md"
  echo
  echo "Medians over the rounds:"
  echo
  echo "| engine | served/in-process c16 | served/engine c16 | p99/p50 c16 | errors c16 (all rounds) | c1 p50 ratio | goals met (medians) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
  for model in $MODELS; do
    med() { grep "| $model |" "$WORK/ratios.md" | awk -F'|' -v f="$1" '{print $f+0}' | sort -g | awk '{v[NR]=$1} END {printf "%.2f\n", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
    errs=$(grep "| $model |" "$WORK/ratios.md" | awk -F'|' '{s+=$10} END {print s+0}')
    r16=$(med 7); e16=$(med 8); tail=$(med 9); lat=$(med 11)
    ok=$(awk -v r="$r16" -v t="$tail" -v l="$lat" -v e="$errs" 'BEGIN {print (r>=0.85 && t<4 && l<=1.3 && e==0) ? "yes" : "NO"}')
    echo "| $model | $r16 | $e16 | $tail | $errs | $lat | $ok |"
  done
  echo
  echo "## Server-side metrics at the end (all rounds)"
  echo
  echo '```'
  grep -E '^classifier_(batch_size|inference_time_seconds|queue_time_seconds)_(sum|count)' "$SCRAPE" | grep -v vit | grep -v int8 || true
  echo '```'
  echo
  # What was tried to get here, with its figures: kept by hand in bench/LEVERS.md.
  [[ -f bench/LEVERS.md ]] && cat bench/LEVERS.md
} > "$REPORT"
log "wrote $REPORT"
cat "$REPORT"
