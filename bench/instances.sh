#!/usr/bin/env bash
# One instance against two behind HAProxy, their recent results shared through Redis: served images/s, CPU ms per
# image and errors, side by side in one run, and what each upload costs in shared state (Redis commands and bytes).
# On 2 cores two instances cannot serve more than one: the figure that shows scaling is the shared cost per upload,
# which is all an added instance on its own machine puts on the others. Writes bench/INSTANCES.md.
#
#   bench/instances.sh                           # about 6 minutes on 2 cores
#   REPEAT=1 SECONDS_PER_CASE=10 bench/instances.sh
#
# Settings (environment): SHARED (default ../shared), CONCURRENCY (default 8), SECONDS_PER_CASE (default 20),
# WARM_SECONDS (default 5), WARMUP_SECONDS (default 30), REPEAT (default 2), SKIP_BUILD=1, REPORT.
# Needs redis-server, redis-cli and haproxy (.ci/setup installs them).
set -euo pipefail

cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
CONCURRENCY=${CONCURRENCY:-8}
SECONDS_PER_CASE=${SECONDS_PER_CASE:-20}
WARM_SECONDS=${WARM_SECONDS:-5}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
REPEAT=${REPEAT:-2}
REPORT=${REPORT:-bench/INSTANCES.md}
MODEL=mobilenet_v2
JAR=target/image-classifier-1.0.0.jar
WORK=target/bench-instances
mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: > "$RESULTS"

log() { echo "[instances $(date -u +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ms() { # pid: user + system CPU so far, in ms
  awk '{print ($14 + $15) * 10}' "/proc/$1/stat"
}

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "building (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests
fi
javac -d "$WORK/client" bench/LoadClient.java

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
redis() { redis-cli -p "$REDIS_PORT" "$@"; }
until redis ping 2>/dev/null | grep -q PONG; do sleep 0.1; done

start_instance() { # name port [VAR=value...]: starts the jar, sets PID_<name>
  local name=$1 port=$2
  shift 2
  env MODELS_DIR="$SHARED/models" "$@" java -Dai.djl.offline=true -jar "$JAR" --server.port="$port" \
    --classifier.load=$MODEL > "$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  printf -v "PID_$name" %s "$!"
}
await_ready() { # port
  for _ in $(seq 1 1200); do
    curl -fs "http://127.0.0.1:$1/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"' && return 0
    sleep 0.1
  done
  echo "the instance on port $1 was not ready within 120 s" >&2
  exit 1
}

PORT_MEMORY=$(free_port); PORT_A=$(free_port); PORT_B=$(free_port); PORT_LB=$(free_port)
log "starting three instances: one with its history in memory, two sharing Redis on port $REDIS_PORT"
start_instance memory "$PORT_MEMORY"
await_ready "$PORT_MEMORY"
start_instance a "$PORT_A" REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
await_ready "$PORT_A"
start_instance b "$PORT_B" REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
await_ready "$PORT_B"

# The deployment's own HAProxy configuration, on loopback addresses.
sed -e "s/bind :8080/bind 127.0.0.1:$PORT_LB/" -e "s/server app1 app1:8080/server app1 127.0.0.1:$PORT_A/" \
  -e "s/server app2 app2:8080/server app2 127.0.0.1:$PORT_B/" -e '/log stdout/d' -e '/option httplog/d' \
  deploy/haproxy/haproxy.cfg > "$WORK/haproxy.cfg"
haproxy -f "$WORK/haproxy.cfg" -db > "$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
PIDS+=("$HAPROXY_PID")
until curl -fs "http://127.0.0.1:$PORT_LB/actuator/health/readiness" > /dev/null 2>&1; do sleep 0.1; done
sleep 2 # both servers up (rise 2, 500 ms apart)

client() { # base label pids
  java -XX:TieredStopAtLevel=1 -Xss512k -cp "$WORK/client" LoadClient "$1" "$MODEL" "$2" "$CONCURRENCY" \
    "$WARM_SECONDS" "$SECONDS_PER_CASE" "$SHARED/images/photos" "$3"
}
log "warming up each instance (JIT) for $WARMUP_SECONDS s"
for port in "$PORT_MEMORY" "$PORT_A" "$PORT_B"; do
  client "http://127.0.0.1:$port" warm "" > /dev/null
done

measure() { # round case base pids
  local round=$1 case=$2 base=$3 pids=$4 lb_before lb_after redis_before redis_after result
  redis config resetstat > /dev/null
  lb_before=$(cpu_ms "$HAPROXY_PID"); redis_before=$(cpu_ms "$REDIS_PID")
  result=$(client "$base" "$case" "$pids" | grep '^RESULT')
  lb_after=$(cpu_ms "$HAPROXY_PID"); redis_after=$(cpu_ms "$REDIS_PID")
  # One EVALSHA (push.lua) per classified upload: the other commands and the bytes are counted per upload.
  local uploads commands bytes_in bytes_out
  uploads=$(redis info commandstats | awk -F'[:=,]' '/^cmdstat_evalsha:/ {print $3}')
  commands=$(redis info commandstats | awk -F'[:=,]' '/^cmdstat_/ && !/cmdstat_(config|info)/ {n += $3} END {print n + 0}')
  bytes_in=$(redis info stats | awk -F: '/^total_net_input_bytes/ {print $2+0}')
  bytes_out=$(redis info stats | awk -F: '/^total_net_output_bytes/ {print $2+0}')
  # HAProxy's and Redis's CPU over the whole client run (warm-up included), counted per upload stored (EVALSHA).
  echo "$round $case $result ${uploads:-0} $commands $bytes_in $bytes_out $((lb_after - lb_before)) $((redis_after - redis_before))" \
    | tee -a "$RESULTS" >&2
}

for round in $(seq 1 "$REPEAT"); do
  cases=("one-memory http://127.0.0.1:$PORT_MEMORY $PID_memory" "one-redis http://127.0.0.1:$PORT_A $PID_a"
    "two-haproxy http://127.0.0.1:$PORT_LB $PID_a,$PID_b")
  (( round % 2 == 0 )) && cases=("${cases[2]}" "${cases[1]}" "${cases[0]}")
  for c in "${cases[@]}"; do
    read -r name base pids <<< "$c"
    log "round $round: $name"
    measure "$round" "$name" "$base" "$pids"
  done
done
KEY_BYTES=$(redis memory usage image-classifier:recent)

python3 - "$RESULTS" "$REPORT" "$CONCURRENCY" "$SECONDS_PER_CASE" "$WARM_SECONDS" "${KEY_BYTES:-0}" <<'PY'
import sys, collections
results, report, concurrency, seconds, warm, key_bytes = sys.argv[1:7]
seconds, warm, key_bytes = float(seconds), float(warm), int(key_bytes)
rows = []
for line in open(results):
    f = line.split()
    # round case RESULT label http-cN rps ips p50 p99 errors server_cpu client_cpu | uploads commands in out lb_cpu redis_cpu
    t = f[-6:]
    rows.append(dict(round=f[0], case=f[1], ips=float(f[6]), p50=float(f[7]), p99=float(f[8]), errors=int(f[9]),
                     cpu=float(f[10]), uploads=int(t[0]), commands=int(t[1]), bytes_in=int(t[2]),
                     bytes_out=int(t[3]), lb_cpu=int(t[4]), redis_cpu=int(t[5])))
names = {"one-memory": "one instance, history in memory", "one-redis": "one instance, history in Redis",
         "two-haproxy": "two instances behind HAProxy, one Redis"}
out = ["# One instance against two behind HAProxy", "",
       f"Written by `bench/instances.sh`: default model (PyTorch), the 20 shared photos round robin, concurrency "
       f"{concurrency}, {seconds:.0f} s recorded per case after {warm:.0f} s unrecorded, the cases side by side in each "
       "round (order reversed every other round). 2 cores: three instances, Redis, HAProxy and the load client all "
       "share them, so two instances cannot serve more than one; what an added instance costs the others is the "
       "shared state per upload. App CPU is the instances' own (both, for two), over the recorded window; HAProxy's "
       "and Redis's over the whole run, per upload Redis stored (one `EVALSHA` of push.lua each: one round trip, "
       "which runs `TIME`, `LPUSH`, `LTRIM` and `LLEN` inside; `commands` counts all five).", "",
       "| round | case | images/s | p50 ms | p99 ms | errors | app CPU ms/image | HAProxy CPU ms/upload | Redis CPU ms/upload | Redis commands/upload | Redis bytes in/upload | Redis bytes out/upload |",
       "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
for r in rows:
    images = r["ips"] * (seconds + warm)
    up = r["uploads"]
    f2 = lambda v: f"{v / up:.2f}" if up else "-"
    f0 = lambda v: f"{v / up:.0f}" if up else "-"
    lb = f"{r['lb_cpu'] / images:.2f}" if r["case"] == "two-haproxy" and images else "-"
    out.append(f"| {r['round']} | {names[r['case']]} | {r['ips']:.1f} | {r['p50']:.0f} | {r['p99']:.0f} | {r['errors']} | "
               f"{r['cpu']:.1f} | {lb} | {f2(r['redis_cpu'])} | {f2(r['commands'])} | {f0(r['bytes_in'])} | {f0(r['bytes_out'])} |")
by = collections.defaultdict(list)
for r in rows:
    by[r["round"]].append(r)
out += ["", "Ratios within each round:", ""]
for rnd, rs in sorted(by.items()):
    c = {r["case"]: r for r in rs}
    if {"one-memory", "one-redis", "two-haproxy"} <= c.keys():
        out.append(f"- round {rnd}: images/s two/one-redis {c['two-haproxy']['ips'] / c['one-redis']['ips']:.2f}, "
                   f"one-redis/one-memory {c['one-redis']['ips'] / c['one-memory']['ips']:.2f}; app CPU ms/image "
                   f"one-redis/one-memory {c['one-redis']['cpu'] / c['one-memory']['cpu']:.2f}, two/one-redis "
                   f"{c['two-haproxy']['cpu'] / c['one-redis']['cpu']:.2f}")
out += ["", f"Redis holds the five entries, thumbnails included, in {key_bytes} bytes (`MEMORY USAGE`).", ""]
open(report, "w").write("\n".join(out))
print("\n".join(out))
PY
