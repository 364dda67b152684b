#!/usr/bin/env bash
# Explanations beside classification, in one run on one app: one explanation's latency at concurrency 1 (curl,
# POST /api/explanations, the 480x360 photo), and classification images/s at concurrency 16 (the 20 photos) alone and
# with explanations running beside it (as many clients as the app computes at once, one after another without
# pause), alternating. Writes bench/EXPLANATIONS.md.
#
#   bench/explanations.sh                  # about 5 minutes on 2 cores
#   REPEAT=1 SECONDS_PER_CASE=10 bench/explanations.sh
#
# Settings (environment): SHARED (default ../shared), MODEL (default mobilenet_v2), SECONDS_PER_CASE (default 20),
# WARMUP_SECONDS (default 20), REPEAT (default 2), LATENCY_RUNS (default 10), SKIP_BUILD=1, REPORT.
set -euo pipefail

cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
MODEL=${MODEL:-mobilenet_v2}
SECONDS_PER_CASE=${SECONDS_PER_CASE:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
REPEAT=${REPEAT:-2}
LATENCY_RUNS=${LATENCY_RUNS:-10}
REPORT=${REPORT:-bench/EXPLANATIONS.md}
PHOTO=$SHARED/images/photos/caffe_cat.jpg
JAR=target/image-classifier-1.0.0.jar
WORK=target/bench-explanations
mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: > "$RESULTS"

log() { echo "[explanations $(date -u +%H:%M:%S)] $*" >&2; }
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "building (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests
fi
javac -d "$WORK/client" bench/LoadClient.java
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
MODELS_DIR="$SHARED/models" java -Dai.djl.offline=true -jar "$JAR" --server.port="$PORT" --classifier.load="$MODEL" \
  > "$WORK/app.log" 2>&1 &
APP_PID=$!
EXPLAINERS=()
trap 'kill "${EXPLAINERS[@]}" $APP_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT
until curl -fs "$BASE/actuator/health/readiness" > /dev/null 2>&1; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$WORK/app.log" >&2; exit 1; }
  sleep 0.3
done
CONCURRENT=${CONCURRENT:-2}   # the app's classifier.explanations.max-concurrent
explain() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -F "image=@$PHOTO" "$BASE/api/explanations"; }
classify() { # label seconds
  java -XX:TieredStopAtLevel=1 -Xss512k -cp "$WORK/client" LoadClient "$BASE" "$MODEL" "$1" 16 3 "$2" \
    "$SHARED/images/photos" "$APP_PID" | grep '^RESULT'
}
start_explainers() {
  for _ in $(seq "$CONCURRENT"); do
    ( while true; do explain >> "$WORK/beside.txt"; done ) & EXPLAINERS+=($!)
  done
}
stop_explainers() { kill "${EXPLAINERS[@]}" 2>/dev/null || true; wait "${EXPLAINERS[@]}" 2>/dev/null || true; EXPLAINERS=(); }

log "warming up: classification and explanations, $WARMUP_SECONDS s"
for _ in 1 2 3; do explain > /dev/null; done
classify warm "$WARMUP_SECONDS" > /dev/null
for round in $(seq 1 "$REPEAT"); do
  log "round $round: one explanation at a time, $LATENCY_RUNS runs"
  for _ in $(seq "$LATENCY_RUNS"); do explain; done | sed "s/^/$round latency /" >> "$RESULTS"
  order="alone beside"; (( round % 2 == 0 )) && order="beside alone"
  for case in $order; do
    log "round $round: classification at concurrency 16, $case"
    : > "$WORK/beside.txt"
    [[ $case == beside ]] && start_explainers
    classify "$case" "$SECONDS_PER_CASE" | sed "s/^/$round /" >> "$RESULTS"
    [[ $case == beside ]] && { stop_explainers; echo "$round explained $(grep -c '^200' "$WORK/beside.txt" || true) $(grep -vc '^200' "$WORK/beside.txt" || true)" >> "$RESULTS"; }
  done
done

python3 - "$RESULTS" "$REPORT" "$MODEL" "$SECONDS_PER_CASE" "$CONCURRENT" <<'PY'
import sys, statistics, collections
results, report, model, seconds, concurrent = sys.argv[1:6]
latency = collections.defaultdict(list); served = {}; explained = {}
for line in open(results):
    f = line.split()
    if f[1] == "latency" and f[2] == "200":
        latency[f[0]].append(float(f[3]) * 1000)
    elif f[1] == "RESULT":
        served[(f[0], f[2])] = dict(ips=float(f[5]), p50=float(f[6]), p99=float(f[7]), errors=int(f[8]))
    elif f[1] == "explained":
        explained[f[0]] = (int(f[2]), int(f[3]))
out = ["# Explanations beside classification", "",
       f"Written by `bench/explanations.sh`: {model}, one app on 2 cores with its clients beside it. Latency: one "
       "explanation at a time (curl, the 480x360 photo, the app's default grid: 49 covered copies and the whole "
       f"image, 50 forward passes). Classification: 16 clients, the 20 photos, {seconds} s recorded, alone and with "
       f"{concurrent} explanation clients running beside it without pause (the most the app computes at once).", "",
       "| round | explanation p50 ms (c1) | min | max | classification images/s alone | beside explanations | ratio (goal >= 0.8) | p99 ms alone / beside | explanations answered beside (other) |",
       "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
for rnd in sorted(latency):
    a, b = served.get((rnd, "alone")), served.get((rnd, "beside"))
    ok, other = explained.get(rnd, (0, 0))
    lat = latency[rnd]
    out.append(f"| {rnd} | {statistics.median(lat):.0f} | {min(lat):.0f} | {max(lat):.0f} | {a['ips']:.1f} | {b['ips']:.1f} | "
               f"{b['ips'] / a['ips']:.2f} | {a['p99']:.0f} / {b['p99']:.0f} | {ok} ({other}) |")
out.append("")
open(report, "w").write("\n".join(out))
print("\n".join(out))
PY
