#!/usr/bin/env bash
# Each protocol the app speaks, side by side in one run on one app: the app's form (multipart), one image as the
# raw body of /api/predictions, TorchServe's PUT /predictions/{model}, and the Open Inference Protocol's infer with
# the image base64 in JSON (top five asked for). Served images/s at concurrency 16 and p50 at concurrency 1, the
# server's CPU per image. Writes bench/PROTOCOLS.md.
#
#   bench/protocols.sh                 # about 5 minutes on 2 cores
#   REPEAT=1 SECONDS_PER_CASE=8 bench/protocols.sh
#
# Settings (environment): SHARED (default ../shared), MODEL (default mobilenet_v2), SECONDS_PER_CASE (default 15),
# WARM_SECONDS (default 3), WARMUP_SECONDS (default 30), REPEAT (default 2), SKIP_BUILD=1, REPORT.
set -euo pipefail

cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
MODEL=${MODEL:-mobilenet_v2}
SECONDS_PER_CASE=${SECONDS_PER_CASE:-15}
WARM_SECONDS=${WARM_SECONDS:-3}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
REPEAT=${REPEAT:-2}
REPORT=${REPORT:-bench/PROTOCOLS.md}
PROTOCOLS="multipart raw torchserve v2"
JAR=target/image-classifier-1.0.0.jar
WORK=target/bench-protocols
mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: > "$RESULTS"

log() { echo "[protocols $(date -u +%H:%M:%S)] $*" >&2; }
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "building (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests
fi
javac -d "$WORK/client" bench/LoadClient.java

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MODELS_DIR="$SHARED/models" java -Dai.djl.offline=true -jar "$JAR" --server.port="$PORT" --classifier.load="$MODEL" \
  > "$WORK/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null 2>&1; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$WORK/app.log" >&2; exit 1; }
  sleep 0.2
done
client() { # protocol concurrency warm seconds
  java -Dprotocol="$1" -XX:TieredStopAtLevel=1 -Xss512k -cp "$WORK/client" LoadClient "http://127.0.0.1:$PORT" \
    "$MODEL" "$1" "$2" "$3" "$4" "$SHARED/images/photos" "$APP_PID"
}
log "warming up: every protocol, $WARMUP_SECONDS s in all"
for protocol in $PROTOCOLS; do
  client "$protocol" 16 0 $((WARMUP_SECONDS / 4)) > /dev/null
done
for round in $(seq 1 "$REPEAT"); do
  order=$PROTOCOLS
  (( round % 2 == 0 )) && order=$(tr ' ' '\n' <<< "$PROTOCOLS" | tac | tr '\n' ' ')
  for protocol in $order; do
    for concurrency in 16 1; do
      log "round $round: $protocol at concurrency $concurrency"
      client "$protocol" "$concurrency" "$WARM_SECONDS" "$SECONDS_PER_CASE" | grep '^RESULT' | sed "s/^/$round /" \
        | tee -a "$RESULTS" >&2
    done
  done
done

python3 - "$RESULTS" "$REPORT" "$MODEL" "$SECONDS_PER_CASE" <<'PY'
import sys, collections
results, report, model, seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
names = {"multipart": "`POST /api/predictions`, multipart form", "raw": "`POST /api/predictions`, the image as the body",
         "torchserve": "TorchServe's `PUT /predictions/{model}`", "v2": "v2 `infer`, BYTES (base64 in JSON), top 5"}
rows = collections.defaultdict(dict)
for line in open(results):
    f = line.split()
    # round RESULT label http-cN rps ips p50 p99 errors server_cpu client_cpu
    rows[(f[0], f[2])][f[3]] = dict(ips=float(f[5]), p50=float(f[6]), p99=float(f[7]), errors=int(f[8]), cpu=float(f[9]))
out = ["# The protocols side by side", "",
       f"Written by `bench/protocols.sh`: {model}, the 20 shared photos round robin, {seconds} s recorded per case, every "
       "protocol in each round (order reversed every other round), one app on 2 cores with the load client beside it.",
       "", "| round | protocol | images/s at c16 | p50 ms at c1 | p99 ms at c16 | errors | server CPU ms/image at c16 |",
       "| --- | --- | --- | --- | --- | --- | --- |"]
for (rnd, protocol), cases in sorted(rows.items()):
    c16, c1 = cases.get("http-c16"), cases.get("http-c1")
    out.append(f"| {rnd} | {names[protocol]} | {c16['ips']:.1f} | {c1['p50']:.1f} | {c16['p99']:.0f} | "
               f"{c16['errors'] + c1['errors']} | {c16['cpu']:.1f} |")
out += ["", "Ratios to the multipart form within each round (images/s at c16; p50 at c1):", ""]
for rnd in sorted({r for r, _ in rows}):
    base = rows.get((rnd, "multipart"))
    if not base:
        continue
    parts = []
    for protocol in ["raw", "torchserve", "v2"]:
        other = rows.get((rnd, protocol))
        if other:
            parts.append(f"{protocol} {other['http-c16']['ips'] / base['http-c16']['ips']:.2f} / "
                         f"{other['http-c1']['p50'] / base['http-c1']['p50']:.2f}")
    out.append(f"- round {rnd}: " + ", ".join(parts))
out.append("")
open(report, "w").write("\n".join(out))
print("\n".join(out))
PY
