#!/usr/bin/env bash
# Phone photos against small ones, side by side in one run: served images/s at concurrency 8 and CPU per image, for
# a 12-megapixel camera JPEG (images/large/dog_4032x3024.jpg) and a 480x360 photo (images/photos/caffe_cat.jpg), on
# each engine; the app with libjpeg-turbo (after) and with the JDK's decoder (before,
# --classifier.images.jpeg-decoder=jdk), both started here; and the seeds' Flask approach (bench/flask-seed.py) on
# the same two files where Debian's python3-flask and python3-torchvision are installed. Writes bench/PHONE-PHOTOS.md.
#
#   bench/phone-photos.sh                  # about 12 minutes on 2 cores
#   REPEAT=1 SECONDS_PER_CASE=10 bench/phone-photos.sh
#
# Settings (environment): SHARED (default ../shared), MODELS (default "mobilenet_v2 mobilenet_v2_onnx"),
# CONCURRENCY (default 8), SECONDS_PER_CASE (default 20), WARM_SECONDS (default 3), WARMUP_SECONDS (default 20 per
# app and model), REPEAT (default 2), PHONE (default the 12-megapixel dog), SMALL (default caffe_cat.jpg),
# SKIP_BUILD=1, REPORT.
set -euo pipefail

cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
MODELS=${MODELS:-"mobilenet_v2 mobilenet_v2_onnx"}
CONCURRENCY=${CONCURRENCY:-8}
SECONDS_PER_CASE=${SECONDS_PER_CASE:-20}
WARM_SECONDS=${WARM_SECONDS:-3}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
REPEAT=${REPEAT:-2}
PHONE=${PHONE:-$SHARED/images/large/dog_4032x3024.jpg}
SMALL=${SMALL:-$SHARED/images/photos/caffe_cat.jpg}
REPORT=${REPORT:-bench/PHONE-PHOTOS.md}
JAR=target/image-classifier-1.0.0.jar
WORK=target/bench-phone
rm -rf "$WORK"; mkdir -p "$WORK/phone" "$WORK/small"
ln -s "$(realpath "$PHONE")" "$WORK/phone/"
ln -s "$(realpath "$SMALL")" "$WORK/small/"
RESULTS=$WORK/results.txt
: > "$RESULTS"

log() { echo "[phone $(date -u +%H:%M:%S)] $*" >&2; }
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "building (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests
fi
javac -d "$WORK/client" bench/LoadClient.java
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

declare -A PORT PID
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
wait_ready() { # name url
  until curl -fs "$2" > /dev/null 2>&1; do
    kill -0 "${PID[$1]}" 2>/dev/null || { tail -30 "$WORK/$1.log" >&2; echo "$1 stopped" >&2; exit 1; }
    sleep 0.3
  done
}
start_app() { # name extra-args...
  local name=$1; shift
  PORT[$name]=$(free_port)
  MODELS_DIR="$SHARED/models" java -Dai.djl.offline=true -jar "$JAR" --server.port="${PORT[$name]}" \
    --classifier.load="${MODELS// /,}" "$@" > "$WORK/$name.log" 2>&1 &
  PID[$name]=$!; PIDS+=("$!")
  wait_ready "$name" "http://127.0.0.1:${PORT[$name]}/actuator/health/readiness"
  log "$name ready: $(curl -s "http://127.0.0.1:${PORT[$name]}/actuator/health/readiness" | grep -o '"jpegDecoder":"[^"]*"')"
}
start_app after
start_app before --classifier.images.jpeg-decoder=jdk
APPS="after before"
if /usr/bin/python3 -c 'import flask, torch, torchvision' 2>/dev/null; then
  PORT[flask]=$(free_port)
  /usr/bin/python3 bench/flask-seed.py "$SHARED/models/mobilenet_v2/mobilenet_v2.pt" \
    "$SHARED/models/mobilenet_v2/synset.txt" "${PORT[flask]}" > "$WORK/flask.log" 2>&1 &
  PID[flask]=$!; PIDS+=("$!")
  until curl -s -o /dev/null "http://127.0.0.1:${PORT[flask]}/"; do
    kill -0 "${PID[flask]}" 2>/dev/null || { tail -30 "$WORK/flask.log" >&2; exit 1; }
    sleep 0.3
  done
  log "flask ready"
else
  log "no Flask comparison: needs Debian's python3-flask and python3-torchvision"
fi

# Decode and preprocessing CPU of the app's JPEGs so far, per model: "seconds images" from its own metric.
prep_cpu() { # app model
  curl -s "http://127.0.0.1:${PORT[$1]}/actuator/prometheus" | awk -v m="model=\"$2\"" '
    /^classifier_preparation_cpu_seconds_(sum|count)\{/ && index($0, m) && index($0, "format=\"JPEG\"") {
      if ($1 ~ /_sum/) s += $2; else c += $2 }
    END { printf "%.6f %d\n", s, c }'
}
client() { # app model image-dir warm seconds
  java -XX:TieredStopAtLevel=1 -Xss512k -cp "$WORK/client" LoadClient "http://127.0.0.1:${PORT[$1]}" "$2" "$1" \
    "$CONCURRENCY" "$4" "$5" "$WORK/$3" "${PID[$1]}"
}
run_case() { # round app model image
  local before after
  before=$(prep_cpu "$2" "$3")
  client "$2" "$3" "$4" "$WARM_SECONDS" "$SECONDS_PER_CASE" | grep '^RESULT' > "$WORK/case.txt"
  after=$(prep_cpu "$2" "$3")
  echo "$1 $2 $3 $4 $(cut -d' ' -f3- "$WORK/case.txt") $before $after" | tee -a "$RESULTS" >&2
}

log "warming up: $WARMUP_SECONDS s per app and model, both images"
for app in $APPS; do
  for model in $MODELS; do
    client "$app" "$model" phone 0 $((WARMUP_SECONDS / 2)) > /dev/null
    client "$app" "$model" small 0 $((WARMUP_SECONDS / 2)) > /dev/null
  done
done
[[ -n "${PORT[flask]:-}" ]] && { client flask mobilenet_v2 phone 0 5 > /dev/null; client flask mobilenet_v2 small 0 5 > /dev/null; }

for round in $(seq 1 "$REPEAT"); do
  images="small phone"; (( round % 2 == 0 )) && images="phone small"
  for model in $MODELS; do
    for app in $APPS; do
      for image in $images; do
        log "round $round: $app, $model, $image"
        run_case "$round" "$app" "$model" "$image"
      done
    done
  done
  if [[ -n "${PORT[flask]:-}" ]]; then
    for image in $images; do
      log "round $round: flask, $image"
      run_case "$round" flask mobilenet_v2 "$image"
    done
  fi
done

python3 - "$RESULTS" "$REPORT" "$CONCURRENCY" "$SECONDS_PER_CASE" "$(basename "$PHONE")" "$(basename "$SMALL")" <<'PY'
import sys, collections
results, report, concurrency, seconds, phone, small = sys.argv[1:7]
rows = {}
for line in open(results):
    f = line.split()
    # round app model image http-cN rps ips p50 p99 errors server_cpu client_cpu sum0 count0 sum1 count1
    prep = None
    if len(f) >= 16 and int(f[15]) > int(f[13]):
        prep = (float(f[14]) - float(f[12])) * 1000 / (int(f[15]) - int(f[13]))
    rows[(f[0], f[1], f[2], f[3])] = dict(ips=float(f[6]), p50=float(f[7]), errors=int(f[9]), cpu=float(f[10]), prep=prep)
names = {"after": "app, libjpeg-turbo", "before": "app, JDK decoder", "flask": "seeds' Flask + PyTorch"}
engines = {"mobilenet_v2": "PyTorch", "mobilenet_v2_onnx": "OnnxRuntime"}
out = ["# Phone photos beside small ones", "",
       f"Written by `bench/phone-photos.sh`: {phone} (12 megapixels) and {small} (480x360), each request one image, "
       f"{concurrency} clients, {seconds} s recorded per case, all cases of a round one after the other on the same 2 "
       "cores (the apps and Flask idle while another is measured). CPU ms/image: the server process's CPU over the "
       "recorded window per image; decode+preprocess: the app's own `classifier_preparation_cpu` metric (CPU of the "
       "decode threads, per image).", "",
       "| round | server | engine | image | images/s | p50 ms | errors | server CPU ms/image | decode+preprocess CPU ms/image |",
       "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
for (rnd, app, model, image), r in sorted(rows.items()):
    prep = f"{r['prep']:.1f}" if r["prep"] is not None else ""
    out.append(f"| {rnd} | {names[app]} | {engines.get(model, model)} | {phone if image == 'phone' else small} | "
               f"{r['ips']:.1f} | {r['p50']:.0f} | {r['errors']} | {r['cpu']:.1f} | {prep} |")
out += ["", "Ratios within each round:", "",
        "| round | server | engine | phone/small images/s (goal >= 0.8) | phone: app/Flask images/s (goal >= 10) |",
        "| --- | --- | --- | ---: | ---: |"]
for (rnd, app, model, image), r in sorted(rows.items()):
    if image != "phone" or app == "flask":
        continue
    s = rows.get((rnd, app, model, "small"))
    fl = rows.get((rnd, "flask", "mobilenet_v2", "phone"))
    ratio = f"{r['ips'] / s['ips']:.2f}" if s else ""
    flask = f"{r['ips'] / fl['ips']:.1f}" if fl else ""
    out.append(f"| {rnd} | {names[app]} | {engines.get(model, model)} | {ratio} | {flask} |")
for rnd in sorted({k[0] for k in rows}):
    fp, fs = rows.get((rnd, "flask", "mobilenet_v2", "phone")), rows.get((rnd, "flask", "mobilenet_v2", "small"))
    if fp and fs:
        out.append(f"\nFlask, round {rnd}: phone/small {fp['ips'] / fs['ips']:.2f}.")
out.append("")
open(report, "w").write("\n".join(out))
print("\n".join(out))
PY
