#!/usr/bin/env bash
# Builds the service's container image twice with no Docker engine -- with Jib (mvn jib:buildTar) and
# from the Dockerfile (buildah) -- on Debian bookworm bases made here with mmdebstrap, then runs each
# under podman with a 512 MB memory limit and checks it through its published port:
#   readiness turns UP, a photo is classified right, four images are refused with 400 problem+json,
#   the process runs as a non-root user, and 500 requests at concurrency 8 all succeed without the
#   container being OOM-killed; for the Dockerfile image also that the HEALTHCHECK passes, $PORT is honoured, and
#   heavy uploads at once (many parts, files at the size limit) are all answered with the container still ready;
#   and in both images the command line: `evaluate` gets 20/20 on the photos, `classify` on a folder of bad files
#   classifies the one that decodes, reports the others and exits non-zero; with FUZZ_CASES, StructureFuzzIT's
#   hostile files sent to the Dockerfile image: no 5xx, all answered, not OOM-killed; and compose.yaml's recipe:
#   two Dockerfile containers sharing a Redis behind HAProxy show the same recent results, and one stopped during
#   40 requests loses none; and in both images `train` on the rock-paper-scissors hands, as the README shows it:
#   the model it writes to the mounted /models scores at least 0.95 on val with `evaluate`, a server started on that
#   folder serves it, and a second one trained meanwhile is loaded and unloaded through the admin routes.
# Prints image sizes and resident memory. Exits non-zero on the first failed check.
#
# Usage: container/test.sh            (run from anywhere; needs root or sudo for apt-get/mmdebstrap)
# Environment:
#   SHARED_DIR           where models/ and images/ are          (default: ../shared beside the project)
#   CONTAINER_TEST_DIR   work folder (storage, caches, bases)   (default: a new mktemp folder, removed)
#   CONTAINER_KEEP=1     keep the work folder and images at the end
#   CONTAINER_BASES_DIR  reuse/keep base tarballs here (speeds up repeated local runs)
#   LOAD_REQUESTS, LOAD_CONCURRENCY   the load check (default 500 and 8)
#   FUZZ_CASES           structure-aware hostile files sent to the Dockerfile image (default 3000; 0: not run)
#   MEMORY               the containers' memory limit (default 512m)
set -Eeuo pipefail
{ # the whole script is one block, read before it runs: editing this file during a run cannot derail it

START_SECONDS=$SECONDS
PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_DIR:-$PROJECT/../shared}"
DEFAULT_MODEL=mobilenet_v2
MODEL_SRC="$SHARED/models/$DEFAULT_MODEL"
BACKBONE_SRC="$SHARED/backbones/mobilenet_v2_embedding"
HANDS="$SHARED/datasets/rock_paper_scissors"
ADMIN_TOKEN="container-test-$$"
PHOTO="$SHARED/images/photos/caffe_cat.jpg"
EXPECTED_INDEX=282            # "tiger cat"
PHONE_PHOTO="$SHARED/images/large/dog_4032x3024.jpg"
PHONE_EXPECTED_INDEX=208      # "Labrador retriever"
LOAD_REQUESTS="${LOAD_REQUESTS:-500}"
LOAD_CONCURRENCY="${LOAD_CONCURRENCY:-8}"
FUZZ_CASES="${FUZZ_CASES:-3000}"
MEMORY="${MEMORY:-512m}"
JIB_IMAGE=localhost/image-classifier:jib
DF_IMAGE=localhost/image-classifier:dockerfile
JRE_BASE=localhost/classifier-base-jre:bookworm
JDK_BASE=localhost/classifier-base-jdk-maven:bookworm

log() { printf '\n== [%s +%ss] %s\n' "$(date -u +%H:%M:%S)" "$((SECONDS - START_SECONDS))" "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo

[ -f "$MODEL_SRC/$DEFAULT_MODEL.pt" ] && [ -f "$MODEL_SRC/synset.txt" ] \
	|| fail "default model not found at $MODEL_SRC (set SHARED_DIR)"
[ -f "$PHOTO" ] || fail "test photo not found at $PHOTO"
[ -f "$BACKBONE_SRC/mobilenet_v2_embedding.pt" ] || fail "backbone not found at $BACKBONE_SRC (set SHARED_DIR)"
[ -d "$HANDS/train" ] || fail "training data not found at $HANDS (set SHARED_DIR)"

# ---------------------------------------------------------------------------------------------- tools
log "Checking tools"
declare -A TOOL_PKG=([mmdebstrap]=mmdebstrap [buildah]=buildah [podman]=podman [skopeo]=skopeo
	[umoci]=umoci [runc]=runc [newuidmap]=uidmap [slirp4netns]=slirp4netns [fuse-overlayfs]=fuse-overlayfs
	[conmon]=conmon [catatonit]=catatonit [curl]=curl [redis-server]=redis-server [haproxy]=haproxy)
missing=()
for tool in "${!TOOL_PKG[@]}"; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("${TOOL_PKG[$tool]}")
done
[ -x /usr/lib/cni/bridge ] || [ -x /usr/libexec/cni/bridge ] || missing+=(containernetworking-plugins)
if [ "${#missing[@]}" -gt 0 ]; then
	log "Installing ${missing[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		mmdebstrap buildah podman skopeo umoci runc uidmap slirp4netns fuse-overlayfs \
		containernetworking-plugins conmon catatonit curl redis-server haproxy >/dev/null
fi

# ------------------------------------------------------------------------ work folder and configuration
WORK="${CONTAINER_TEST_DIR:-$(mktemp -d /tmp/container-test.XXXXXX)}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
CREATED_MODELS=""
CREATED_BACKBONES=""
CONTAINERS=()
REPLICA_PIDS=()

cleanup() {
	local rc=$?
	set +e
	for c in "${CONTAINERS[@]}"; do
		if [ "$rc" -ne 0 ]; then
			echo "---- last log lines of container $c"
			podman logs --tail 40 "$c" 2>&1
		fi
		podman rm -f -t 5 "$c" >/dev/null 2>&1
	done
	for pid in "${REPLICA_PIDS[@]:-}"; do [ -z "$pid" ] || kill "$pid" 2>/dev/null; done
	if [ -n "$CREATED_MODELS" ]; then rm -rf "$CREATED_MODELS"; rmdir "$PROJECT/models" 2>/dev/null; fi
	if [ -n "$CREATED_BACKBONES" ]; then rm -rf "$CREATED_BACKBONES"; rmdir "$PROJECT/backbones" 2>/dev/null; fi
	if [ "${CONTAINER_KEEP:-0}" != 1 ]; then
		buildah rm --all >/dev/null 2>&1
		podman system reset --force >/dev/null 2>&1
		rm -rf "$WORK"
	else
		echo "Kept $WORK (CONTAINERS_CONF=$CONTAINERS_CONF CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF)"
	fi
	[ "$rc" -eq 0 ] || echo "container/test.sh FAILED (exit $rc) after $((SECONDS - START_SECONDS)) s" >&2
}
trap cleanup EXIT
trap 'echo "FAIL: command failed at container/test.sh line $LINENO: $BASH_COMMAND" >&2' ERR

# Storage: overlay under the work folder when the kernel allows it here, else vfs.
STORAGE_DRIVER="${CONTAINER_STORAGE_DRIVER:-}"
if [ -z "$STORAGE_DRIVER" ]; then
	mkdir -p "$WORK/ovl/l" "$WORK/ovl/u" "$WORK/ovl/w" "$WORK/ovl/m"
	if $SUDO mount -t overlay overlay -o "lowerdir=$WORK/ovl/l,upperdir=$WORK/ovl/u,workdir=$WORK/ovl/w" \
			"$WORK/ovl/m" 2>/dev/null; then
		$SUDO umount "$WORK/ovl/m"; STORAGE_DRIVER=overlay
	else
		STORAGE_DRIVER=vfs
	fi
	rm -rf "$WORK/ovl"
fi
cat >"$WORK/storage.conf" <<EOF
[storage]
driver = "$STORAGE_DRIVER"
runroot = "$WORK/run"
graphroot = "$WORK/storage"
EOF
cat >"$WORK/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
log_driver = "k8s-file"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
tmp_dir = "$WORK/libpod-tmp"
EOF
export CONTAINERS_CONF="$WORK/containers.conf" CONTAINERS_STORAGE_CONF="$WORK/storage.conf"
export TMPDIR="$WORK/tmp"; mkdir -p "$TMPDIR"
echo "work folder $WORK, storage driver $STORAGE_DRIVER"

# ------------------------------------------------------------------------------------- base images
# Debian bookworm roots from Debian's packages, each wrapped as a one-layer docker-archive (Jib reads
# docker-archive, not OCI). Documentation, manual pages and locales are left out; so is usrmerge (and
# the perl it pulls in): the merged-usr hook makes the /usr symlinks itself.
MMDEBSTRAP_OPTS=(--mode=root --variant=essential --format=tar
	--aptopt='APT::Install-Recommends "false"'
	--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
	--dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/doc/*'
	--dpkgopt='path-include=/usr/share/doc/*/copyright'
	--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
	--essential-hook='mkdir -p "$1"/usr/share/man/man1')
SOURCES=/etc/apt/sources.list.d/debian.sources
[ -f "$SOURCES" ] || SOURCES="deb http://deb.debian.org/debian bookworm main"

wrap_docker_archive() { # rootfs.tar out.tar name:tag
	local rootfs="$1" out="$2" tag="$3" d diff now
	d="$(mktemp -d "$WORK/wrap.XXXXXX")"
	ln "$rootfs" "$d/layer.tar" 2>/dev/null || cp "$rootfs" "$d/layer.tar"
	diff="$(sha256sum "$d/layer.tar" | cut -d' ' -f1)"
	now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	cat >"$d/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"$now",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"],"Cmd":["bash"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff"]},
 "history":[{"created":"$now","created_by":"mmdebstrap bookworm (container/test.sh)"}]}
EOF
	printf '[{"Config":"config.json","RepoTags":["%s"],"Layers":["layer.tar"]}]\n' "$tag" >"$d/manifest.json"
	tar -C "$d" -cf "$out" manifest.json config.json layer.tar
	rm -rf "$d"
}

BASES="${CONTAINER_BASES_DIR:-$WORK/bases}"
mkdir -p "$BASES"
build_base() { # name packages tag
	local name="$1" packages="$2" tag="$3"
	[ -s "$BASES/$name-docker.tar" ] && return 0
	$SUDO mmdebstrap "${MMDEBSTRAP_OPTS[@]}" --include="$packages" bookworm "$BASES/$name-rootfs.tar" "$SOURCES" \
		>"$WORK/mmdebstrap-$name.log" 2>&1 || { tail -30 "$WORK/mmdebstrap-$name.log"; return 1; }
	wrap_docker_archive "$BASES/$name-rootfs.tar" "$BASES/$name-docker.tar" "$tag"
	rm -f "$BASES/$name-rootfs.tar"
}
log "Building Debian bookworm bases with mmdebstrap (JRE for the runtime; JDK and Maven for the build stage)"
build_base jre openjdk-17-jre-headless,ca-certificates,libturbojpeg0 "$JRE_BASE" & jre_pid=$!
build_base jdk openjdk-17-jdk-headless,maven,binutils,ca-certificates "$JDK_BASE" & jdk_pid=$!
wait "$jre_pid" || fail "mmdebstrap of the JRE base failed"
wait "$jdk_pid" || fail "mmdebstrap of the JDK base failed"
ls -l "$BASES"/*-docker.tar
buildah pull --quiet "docker-archive:$BASES/jre-docker.tar" >/dev/null
buildah pull --quiet "docker-archive:$BASES/jdk-docker.tar" >/dev/null

# ---------------------------------------------------------------------------- model in build context
if [ ! -f "$PROJECT/models/$DEFAULT_MODEL/$DEFAULT_MODEL.pt" ]; then
	mkdir -p "$PROJECT/models"
	cp -r "$MODEL_SRC" "$PROJECT/models/"
	chmod -R u+w "$PROJECT/models/$DEFAULT_MODEL"
	CREATED_MODELS="$PROJECT/models/$DEFAULT_MODEL"
fi
if [ ! -f "$PROJECT/backbones/mobilenet_v2_embedding/mobilenet_v2_embedding.pt" ]; then
	mkdir -p "$PROJECT/backbones"
	cp -r "$BACKBONE_SRC" "$PROJECT/backbones/"
	chmod -R u+w,a+rX "$PROJECT/backbones/mobilenet_v2_embedding"
	CREATED_BACKBONES="$PROJECT/backbones/mobilenet_v2_embedding"
fi

# ------------------------------------------------------------------------------------------------ Jib
log "Building the image with Jib (jib:buildTar on the local JRE base)"
cd "$PROJECT"
mvn -B -ntp -Dmaven.test.skip=true compile jib:buildTar \
	-Djib.from.image="tar://$BASES/jre-docker.tar" \
	-Djib.to.image="$JIB_IMAGE" \
	-Djib.outputPaths.tar="$WORK/jib-image.tar" \
	-Djib.baseImageCache="$WORK/jib-cache/base" -Djib.applicationCache="$WORK/jib-cache/app" \
	-Dcontainer.models.dir="$PROJECT/models" -Dcontainer.backbones.dir="$PROJECT/backbones" >"$WORK/jib.log" 2>&1 \
	|| { tail -60 "$WORK/jib.log"; fail "jib:buildTar failed"; }
podman load --quiet -i "$WORK/jib-image.tar" >/dev/null
JIB_TAR_BYTES=$(stat -c %s "$WORK/jib-image.tar")
rm -f "$WORK/jib-image.tar"

# ----------------------------------------------------------------------------------------- Dockerfile
log "Building the image from the Dockerfile with buildah (build stage reuses $HOME/.m2)"
mkdir -p "$HOME/.m2"
buildah bud --pull=never --isolation chroot --format docker --layers=false \
	--volume "$HOME/.m2:/root/.m2" \
	--build-arg BUILD_IMAGE="$JDK_BASE" --build-arg RUNTIME_IMAGE="$JRE_BASE" \
	-t "$DF_IMAGE" -f Dockerfile . >"$WORK/buildah.log" 2>&1 \
	|| { tail -60 "$WORK/buildah.log"; fail "buildah bud failed"; }
grep -E '^(STEP|Loaded|COMMIT)' "$WORK/buildah.log" | cut -c1-160 || true

# -------------------------------------------------------------------------------------------- checks
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
	|| echo $((20000 + RANDOM % 20000)); }

# Memory of a running container, in MB: "usage peak anonymous jvm_rss" -- the cgroup's usage (page cache
# included) and its peak, the cgroup's anonymous memory (what cannot be evicted), and the JVM's VmRSS.
MEM_SCRIPT='
if [ -f /sys/fs/cgroup/memory/memory.usage_in_bytes ]; then
	d=/sys/fs/cgroup/memory; u=$(cat $d/memory.usage_in_bytes); p=$(cat $d/memory.max_usage_in_bytes)
	a=$(sed -n "s/^total_rss //p" $d/memory.stat)
else
	d=/sys/fs/cgroup; u=$(cat $d/memory.current); p=$(cat $d/memory.peak 2>/dev/null || echo 0)
	a=$(sed -n "s/^anon //p" $d/memory.stat)
fi
r=$(sed -n "s/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p" /proc/1/status)
echo $((u / 1048576)) $((p / 1048576)) $((a / 1048576)) $((r / 1024))'
mem_numbers() { podman exec "$1" sh -c "$MEM_SCRIPT"; }
mem_line() {
	local u p a r
	read -r u p a r < <(mem_numbers "$1")
	printf 'cgroup %s MB now (peak %s MB, limit %s), of which anonymous %s MB; JVM VmRSS %s MB' "$u" "$p" "$MEMORY" "$a" "$r"
}

start_and_check() { # label image container-port [extra podman args...]
	local label="$1" image="$2" cport="$3"; shift 3
	local name="classifier-test-$label-$$" port url t0 body code uid
	port="$(free_port)"; url="http://127.0.0.1:$port"
	log "[$label] podman run --memory $MEMORY -p $port:$cport $image"
	# (podman logs errors about systemd timers for the HEALTHCHECK: there is no systemd here; harmless)
	podman run -d --name "$name" --memory "$MEMORY" --memory-swap "$MEMORY" -p "127.0.0.1:$port:$cport" "$@" "$image" \
		>"$WORK/podman-run-$label.log" 2>&1 || { cat "$WORK/podman-run-$label.log"; fail "[$label] podman run failed"; }
	CONTAINERS+=("$name")
	t0=$SECONDS
	until body="$(curl -fsS --max-time 5 "$url/actuator/health/readiness" 2>/dev/null)" && grep -q '"status":"UP"' <<<"$body"; do
		[ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] || fail "[$label] container exited before it was ready"
		[ $((SECONDS - t0)) -lt 180 ] || fail "[$label] not ready within 180 s"
		sleep 1
	done
	echo "[$label] ready after $((SECONDS - t0)) s: $(cut -c1-120 <<<"$body")"

	body="$(curl -sS --max-time 60 -F "images=@$PHOTO" "$url/api/predictions")" || fail "[$label] classify request failed"
	top="$(grep -o '"index":[0-9]*' <<<"$body" | head -1 | cut -d: -f2)"
	[ "$top" = "$EXPECTED_INDEX" ] || fail "[$label] top-1 index is '$top', expected $EXPECTED_INDEX: $body"
	echo "[$label] caffe_cat.jpg -> $(grep -o '"predictions":\[{[^}]*}' <<<"$body")"

	# JPEGs go to libjpeg-turbo inside the image (the base has libturbojpeg0); a 12-megapixel phone photo keeps its top-1.
	body="$(curl -sS --max-time 10 "$url/actuator/health/readiness")"
	grep -q '"jpegDecoder":"libjpeg-turbo' <<<"$body" || fail "[$label] JPEGs are not decoded by libjpeg-turbo: $body"
	body="$(curl -sS --max-time 60 -F "images=@$PHONE_PHOTO" "$url/api/predictions")" || fail "[$label] phone photo request failed"
	top="$(grep -o '"index":[0-9]*' <<<"$body" | head -1 | cut -d: -f2)"
	[ "$top" = "$PHONE_EXPECTED_INDEX" ] || fail "[$label] phone photo top-1 is '$top', expected $PHONE_EXPECTED_INDEX: $body"
	echo "[$label] libjpeg-turbo; dog_4032x3024.jpg -> $(grep -o '"predictions":\[{[^}]*}' <<<"$body")"

	code="$(curl -sS --max-time 60 -o "$WORK/four.json" -w '%{http_code} %{content_type}' \
		-F "images=@$PHOTO" -F "images=@$PHOTO" -F "images=@$PHOTO" -F "images=@$PHOTO" "$url/api/predictions")"
	case "$code" in "400 application/problem+json"*) ;; *) fail "[$label] four images gave '$code': $(cat "$WORK/four.json")";; esac
	echo "[$label] four images -> $code"

	uid="$(podman exec "$name" id -u)"
	[ -n "$uid" ] && [ "$uid" != 0 ] || fail "[$label] the app runs as uid '$uid'"
	echo "[$label] runs as uid $uid ($(podman exec "$name" id -un 2>/dev/null || echo no name)), image user '$(podman image inspect --format '{{.Config.User}}' "$image")'"
	echo "[$label] memory after the first requests: $(mem_line "$name")"
	RESULTS+=("$label after the first requests: $(mem_line "$name")")
	LAST_URL="$url"; LAST_NAME="$name"
}

check_running() { # label container after-what: fails unless the container runs and was not OOM-killed
	[ "$(podman inspect --format '{{.State.Running}} {{.State.OOMKilled}}' "$2")" = "true false" ] \
		|| fail "[$1] container state after $3: $(podman inspect --format 'running={{.State.Running}} OOMKilled={{.State.OOMKilled}} exit={{.State.ExitCode}}' "$2")"
}

# The app gives the native memory kept for inference back once no batch has run for 2 s.
idle_memory() { # label container what
	sleep 4
	RESULTS+=("$1 4 s after $3: $(mem_line "$2")")
	echo "[$1] 4 s after $3: $(mem_line "$2")"
}

load_test() { # label url container
	local label="$1" url="$2" name="$3" bad anon jvm t0 sampler
	log "[$label] load: $LOAD_REQUESTS requests at concurrency $LOAD_CONCURRENCY"
	( while sleep 1; do mem_numbers "$name" 2>/dev/null; done ) >"$WORK/mem-samples.txt" & sampler=$!
	t0=$SECONDS
	seq "$LOAD_REQUESTS" | xargs -P "$LOAD_CONCURRENCY" -I{} \
		curl -s -o /dev/null --max-time 120 -w '%{http_code}\n' -F "images=@$PHOTO" "$url/api/predictions" \
		>"$WORK/load-codes.txt" || true
	kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
	echo "[$label] $(wc -l <"$WORK/load-codes.txt") answers in $((SECONDS - t0)) s: $(sort "$WORK/load-codes.txt" | uniq -c | tr '\n' ' ')"
	bad="$(grep -vc '^200$' "$WORK/load-codes.txt" || true)"
	[ "$(wc -l <"$WORK/load-codes.txt")" -eq "$LOAD_REQUESTS" ] && [ "$bad" -eq 0 ] || fail "[$label] $bad of $LOAD_REQUESTS requests failed"
	check_running "$label" "$name" "load"
	anon="$(awk '$3 > m {m = $3} END {print m + 0}' "$WORK/mem-samples.txt")"
	jvm="$(awk '$4 > m {m = $4} END {print m + 0}' "$WORK/mem-samples.txt")"
	echo "[$label] not OOM-killed; $(wc -l <"$WORK/mem-samples.txt") samples during the load: anonymous memory up to $anon MB, JVM VmRSS up to $jvm MB"
	echo "[$label] after the load: $(mem_line "$name")"
	RESULTS+=("$label during $LOAD_REQUESTS requests at concurrency $LOAD_CONCURRENCY: anonymous up to $anon MB, JVM VmRSS up to $jvm MB; after: $(mem_line "$name")")
	idle_memory "$label" "$name" "the load"
}

# Uploads that once stopped the JVM in its 160 MB heap, all at once: 32 requests of ten 1 MB parts (refused as
# too many images, but parsed first) and 8 requests of three 19 MB files (a 48-megapixel JPEG padded to the size
# limit). The server must answer every one in the user's terms and stay up and ready.
abuse_test() { # label url container
	local label="$1" url="$2" name="$3" parts=() i
	log "[$label] heavy uploads at once: 32 requests of ten 1 MB parts, 8 requests of three 19 MB files"
	head -c 1000000 /dev/urandom >"$WORK/part.bin"
	cp "$SHARED/images/large/cat_8000x6000.jpg" "$WORK/big.jpg" && chmod u+w "$WORK/big.jpg"
	truncate -s 19000000 "$WORK/big.jpg"
	for i in $(seq 10); do parts+=(-F "images=@$WORK/part.bin"); done
	{
		for i in $(seq 32); do
			curl -s -o /dev/null --max-time 180 -w 'parts %{http_code}\n' "${parts[@]}" "$url/api/predictions" &
		done
		for i in $(seq 8); do
			curl -s -o /dev/null --max-time 180 -w 'large %{http_code}\n' -F "images=@$WORK/big.jpg" \
				-F "images=@$WORK/big.jpg" -F "images=@$WORK/big.jpg" "$url/api/predictions" &
		done
		wait
	} >"$WORK/abuse-codes.txt"
	echo "[$label] answers: $(sort "$WORK/abuse-codes.txt" | uniq -c | tr '\n' ' ')"
	[ "$(grep -c '^parts 400$' "$WORK/abuse-codes.txt" || true)" -eq 32 ] || fail "[$label] ten-part requests were not all refused with 400"
	[ "$(grep -c '^large 200$' "$WORK/abuse-codes.txt" || true)" -eq 8 ] || fail "[$label] large uploads were not all classified"
	check_running "$label" "$name" "heavy uploads"
	curl -fsS --max-time 10 "$url/actuator/health/readiness" | grep -q '"status":"UP"' || fail "[$label] not ready after heavy uploads"
	echo "[$label] still up and ready after heavy uploads: $(mem_line "$name")"
	RESULTS+=("$label after heavy uploads (all answered, still ready): $(mem_line "$name")")
	idle_memory "$label" "$name" "heavy uploads"
}

# StructureFuzzIT's hostile files (seeded, structure-aware: lengths lied about, units flooded, images nested), sent
# to the container from four clients: no 5xx, every one answered within 20 s, the container not OOM-killed in its 512 MB.
fuzz_test() { # label url container
	local label="$1" url="$2" name="$3"
	log "[$label] structure-aware fuzz: $FUZZ_CASES hostile files from 4 clients"
	mkdir -p "$WORK/fuzzer"
	javac -d "$WORK/fuzzer" "$PROJECT"/src/test/java/com/example/classifier/support/{StructureFuzzer,HostileImages,ProgressiveJpeg,SharedData}.java
	java -Dshared.dir="$SHARED" -cp "$WORK/fuzzer" com.example.classifier.support.StructureFuzzer "$WORK/fuzz" "$FUZZ_CASES" 15
	( while sleep 1; do mem_numbers "$name" 2>/dev/null; done ) >"$WORK/mem-samples.txt" &
	local sampler=$! anon
	find "$WORK/fuzz" -type f -print0 | xargs -0 -P 4 -I{} curl -s -o /dev/null --max-time 30 \
		-w '%{http_code} %{time_total}\n' -F "images=@{}" "$url/api/predictions" >"$WORK/fuzz-answers.txt" || true
	cut -d' ' -f1 "$WORK/fuzz-answers.txt" >"$WORK/fuzz-codes.txt"
	local slowest
	slowest="$(awk '$2 > m {m = $2} END {print m + 0}' "$WORK/fuzz-answers.txt")"
	echo "[$label] slowest answer: $slowest s"
	awk '$2 >= 20 {bad = 1} END {exit bad}' "$WORK/fuzz-answers.txt" || fail "[$label] a fuzz case took 20 s or more to answer"
	kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
	echo "[$label] answers: $(sort "$WORK/fuzz-codes.txt" | uniq -c | tr '\n' ' ')"
	echo "[$label] container: $(podman inspect --format 'running={{.State.Running}} OOMKilled={{.State.OOMKilled}} exit={{.State.ExitCode}}' "$name")"
	[ "$(wc -l <"$WORK/fuzz-codes.txt")" -eq "$FUZZ_CASES" ] || fail "[$label] not every fuzz case was answered"
	! grep -qE '^(5..|000)$' "$WORK/fuzz-codes.txt" || fail "[$label] fuzz cases answered 5xx or not at all"
	check_running "$label" "$name" "the fuzz cases"
	curl -fsS --max-time 10 "$url/actuator/health/readiness" | grep -q '"status":"UP"' || fail "[$label] not ready after the fuzz cases"
	anon="$(awk '$3 > m {m = $3} END {print m + 0}' "$WORK/mem-samples.txt")"
	echo "[$label] still up and ready after the fuzz cases, anonymous memory up to $anon MB during them: $(mem_line "$name")"
	RESULTS+=("$label during $FUZZ_CASES fuzz cases (no 5xx, all answered, still ready): anonymous up to $anon MB; after: $(mem_line "$name")")
}

# The command line in the image, as `docker run IMAGE classify /data` runs it: no web server, same path.
cli_check() { # label image
	local label="$1" image="$2" out status
	log "[$label] command line: evaluate the photos, classify a folder with bad files"
	out="$(podman run --rm --memory "$MEMORY" -v "$SHARED/images/photos:/data:ro" "$image" \
		evaluate --min-top1 1.0 /data/EXPECTED.tsv /data 2>&1)" || { echo "$out"; fail "[$label] evaluate failed its gate"; }
	grep -qE '^top-1 +20/20' <<<"$out" || { echo "$out"; fail "[$label] evaluate did not report 20/20"; }
	echo "[$label] evaluate: $(grep -E '^top-[15]' <<<"$out" | tr '\n' ' ')"
	status=0
	out="$(podman run --rm --memory "$MEMORY" -v "$SHARED/images/bad:/data:ro" "$image" \
		classify --format tsv --top-k 1 /data 2>&1)" || status=$?
	[ "$status" -ne 0 ] || { echo "$out"; fail "[$label] classify exited 0 on a folder of bad files"; }
	grep -q $'^/data/truncated.jpg\t' <<<"$out" || { echo "$out"; fail "[$label] classify did not classify truncated.jpg beside the bad files"; }
	grep -q 'html.png' <<<"$out" || { echo "$out"; fail "[$label] classify did not report html.png"; }
	echo "[$label] classify on bad/: exit $status, truncated.jpg -> $(grep $'^/data/truncated.jpg\t' <<<"$out" | cut -f6)"
}

# Waits until a container's readiness is UP on the host's port, failing if it exits or takes over 180 s.
await_ready() { # label container port
	local label="$1" name="$2" port="$3" t0=$SECONDS
	until curl -fsS --max-time 5 "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; do
		[ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] || fail "[$label] container $name exited"
		[ $((SECONDS - t0)) -lt 180 ] || fail "[$label] container $name was not ready within 180 s"
		sleep 1
	done
}

# The README's training loop in the image: train into a mounted models folder, evaluate, serve it, and load a second
# model into the running server through the admin routes.
train_check() { # label image
	local label="$1" image="$2" models="$WORK/train-$1/models" out top1 name port body code status
	log "[$label] train on the hands, evaluate, serve, load at run time"
	mkdir -p "$models"; chmod 777 "$models"
	out="$(podman run --rm --memory "$MEMORY" -v "$HANDS:/data:ro" -v "$models:/models" "$image" \
		train --name hands /data/train 2>&1)" || { echo "$out"; fail "[$label] train failed"; }
	grep -qE '^epoch +1/' <<<"$out" || { echo "$out"; fail "[$label] train printed no epoch"; }
	[ -f "$models/hands/synset.txt" ] || fail "[$label] train wrote no model folder to /models"
	echo "[$label] train: $(grep -E '^(images|validation|time) ' <<<"$out" | tr -s ' ' | tr '\n' ';')"
	status=0
	out="$(podman run --rm --memory "$MEMORY" -v "$HANDS:/data:ro" -v "$models:/models" "$image" \
		evaluate --model hands --min-top1 0.95 /data/val 2>&1)" || status=$?
	[ "$status" -eq 0 ] || { grep -v NNPACK <<<"$out"; fail "[$label] evaluate of the trained model exited $status (1: below 0.95)"; }
	top1="$(grep -E '^top-1 ' <<<"$out")"
	echo "[$label] evaluate on val: $top1"
	name="classifier-test-train-$label-$$"; port="$(free_port)"
	podman run -d --name "$name" --memory "$MEMORY" -p "127.0.0.1:$port:8080" -v "$models:/models" \
		-e CLASSIFIER_ADMIN_TOKEN="$ADMIN_TOKEN" "$image" >"$WORK/podman-run-train-$label.log" 2>&1 \
		|| { cat "$WORK/podman-run-train-$label.log"; fail "[$label] podman run failed"; }
	CONTAINERS+=("$name")
	await_ready "$label" "$name" "$port"
	curl -fsS "http://127.0.0.1:$port/api/models" | grep -q '"name":"hands"' || fail "[$label] /api/models does not list hands"
	body="$(curl -sS --max-time 60 -F model=hands -F "images=@$(ls -d "$HANDS"/val/scissors/* | head -1)" "http://127.0.0.1:$port/api/predictions")"
	grep -q '"predictions":\[{"index":2,"label":"scissors"' <<<"$body" || fail "[$label] hands did not see scissors: $body"
	podman run --rm --memory "$MEMORY" -v "$HANDS:/data:ro" -v "$models:/models" "$image" \
		train --name hands2 --epochs 5 /data/train >/dev/null 2>&1 || fail "[$label] training a second model failed"
	code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/models/hands2")"
	[ "$code" = 401 ] || fail "[$label] loading without the token answered $code"
	code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$port/api/models/hands2")"
	[ "$code" = 201 ] || fail "[$label] loading hands2 answered $code"
	body="$(curl -sS --max-time 60 -F model=hands2 -F "images=@$(ls -d "$HANDS"/val/rock/* | head -1)" "http://127.0.0.1:$port/api/predictions")"
	grep -q '"label":"rock"' <<<"$body" || fail "[$label] hands2 did not answer: $body"
	code="$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$port/api/models/hands2")"
	[ "$code" = 204 ] || fail "[$label] unloading hands2 answered $code"
	echo "[$label] served hands from /models; hands2 trained meanwhile, loaded (201), answered and unloaded (204): $(mem_line "$name")"
	RESULTS+=("$label trains in the image: $top1; served, and a second model loaded and unloaded at run time")
	podman rm -f -t 10 "$name" >/dev/null
}

RESULTS=()
cli_check jib "$JIB_IMAGE"
cli_check dockerfile "$DF_IMAGE"
train_check jib "$JIB_IMAGE"
train_check dockerfile "$DF_IMAGE"
start_and_check jib "$JIB_IMAGE" 8080
load_test jib "$LAST_URL" "$LAST_NAME"
podman rm -f -t 10 "$LAST_NAME" >/dev/null

# The Dockerfile image on a port other than 8080, as Heroku does with $PORT.
start_and_check dockerfile "$DF_IMAGE" 9000 -e PORT=9000
health="$(podman image inspect --format '{{.HealthCheck}}' "$DF_IMAGE" 2>/dev/null || true)"
grep -q readiness <<<"$health" || fail "[dockerfile] the image has no HEALTHCHECK"
podman healthcheck run "$LAST_NAME" >/dev/null || fail "[dockerfile] HEALTHCHECK failed on a ready container"
echo "[dockerfile] HEALTHCHECK passes"
load_test dockerfile "$LAST_URL" "$LAST_NAME"
abuse_test dockerfile "$LAST_URL" "$LAST_NAME"
[ "$FUZZ_CASES" -eq 0 ] || fuzz_test dockerfile "$LAST_URL" "$LAST_NAME"
podman rm -f -t 10 "$LAST_NAME" >/dev/null

# compose.yaml's recipe with this machine's tools: two containers of the Dockerfile image sharing a Redis, behind
# HAProxy with deploy/haproxy/haproxy.cfg (Debian's redis-server and haproxy on the host: no registry to pull theirs
# from); host networking, so that the containers reach the host's loopback.
replicas_test() {
	local redis_port lb_port ports=() names=() i port name code first second names_shown t0 stopper
	log "[replicas] two Dockerfile containers sharing Redis, behind HAProxy"
	redis_port="$(free_port)"; lb_port="$(free_port)"
	redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/replicas-redis.log" 2>&1 &
	REPLICA_PIDS+=("$!")
	t0=$SECONDS
	until [ "$(redis-cli -p "$redis_port" ping 2>/dev/null || true)" = PONG ]; do
		[ $((SECONDS - t0)) -lt 20 ] || fail "[replicas] redis-server did not start: $(cat "$WORK/replicas-redis.log")"
		sleep 0.2
	done
	for i in 1 2; do
		port="$(free_port)"; name="classifier-test-replica$i-$$"
		podman run -d --name "$name" --network host --memory "$MEMORY" --memory-swap "$MEMORY" -e PORT="$port" \
			-e REDIS_URL="redis://127.0.0.1:$redis_port" "$DF_IMAGE" >"$WORK/podman-run-replica$i.log" 2>&1 \
			|| { cat "$WORK/podman-run-replica$i.log"; fail "[replicas] podman run failed"; }
		CONTAINERS+=("$name"); ports+=("$port"); names+=("$name")
	done
	for i in 0 1; do
		t0=$SECONDS
		until curl -fsS --max-time 5 "http://127.0.0.1:${ports[$i]}/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; do
			[ "$(podman inspect --format '{{.State.Running}}' "${names[$i]}")" = true ] || fail "[replicas] ${names[$i]} exited"
			[ $((SECONDS - t0)) -lt 180 ] || fail "[replicas] ${names[$i]} was not ready within 180 s"
			sleep 1
		done
	done
	# The recipe's HAProxy without its retries: only the instance's own drain keeps a stop from losing requests.
	sed -e "s/bind :8080/bind 127.0.0.1:$lb_port/" -e "s/server app1 app1:8080/server app1 127.0.0.1:${ports[0]}/" \
		-e "s/server app2 app2:8080/server app2 127.0.0.1:${ports[1]}/" -e '/^  retries /d' -e '/^  option redispatch/d' \
		"$PROJECT/deploy/haproxy/haproxy.cfg" >"$WORK/haproxy.cfg"
	haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/replicas-haproxy.log" 2>&1 &
	REPLICA_PIDS+=("$!")
	sleep 3 # both servers up: two good checks 500 ms apart
	for i in $(seq 1 7); do
		curl -fsS --max-time 60 -D "$WORK/headers-$i.txt" -o /dev/null -F "images=@$PHOTO;filename=upload-$i.jpg" \
			"http://127.0.0.1:$lb_port/api/predictions" || fail "[replicas] upload $i through HAProxy failed"
	done
	[ "$(cat "$WORK"/headers-*.txt | tr -d '\r' | grep -i '^x-served-by' | sort -u | wc -l)" -eq 2 ] \
		|| fail "[replicas] HAProxy did not use both instances"
	first="$(curl -fsS --max-time 5 "http://127.0.0.1:${ports[0]}/api/predictions/recent")"
	second="$(curl -fsS --max-time 5 "http://127.0.0.1:${ports[1]}/api/predictions/recent")"
	[ "$first" = "$second" ] || fail "[replicas] the instances show different recent results: $first / $second"
	names_shown="$(grep -o '"filename":"[^"]*"' <<<"$first" | cut -d'"' -f4 | tr '\n' ' ')"
	[ "$names_shown" = "upload-7.jpg upload-6.jpg upload-5.jpg upload-4.jpg upload-3.jpg " ] \
		|| fail "[replicas] recent results are '$names_shown'"
	echo "[replicas] both instances show the same five, newest first: $names_shown"
	# podman stop sends SIGTERM and waits: the drain (3 s) and the requests in flight fit in 30 s. It starts once
	# 8 of the 40 requests are answered.
	: >"$WORK/replica-codes.txt"
	( until [ "$(wc -l <"$WORK/replica-codes.txt")" -ge 8 ]; do sleep 0.05; done
	  podman stop -t 30 "${names[1]}" >"$WORK/replica-stop.log" 2>&1 ) & stopper=$!
	seq 40 | xargs -P 4 -I{} curl -s -o /dev/null --max-time 60 -w '%{http_code}\n' -F "images=@$PHOTO" \
		"http://127.0.0.1:$lb_port/api/predictions" >>"$WORK/replica-codes.txt" || true
	wait "$stopper" || fail "[replicas] podman stop failed: $(cat "$WORK/replica-stop.log")"
	code="$(podman inspect --format '{{.State.ExitCode}}' "${names[1]}")"
	echo "[replicas] 40 requests while one instance stopped (exit $code): $(sort "$WORK/replica-codes.txt" | uniq -c | tr '\n' ' ')"
	[ "$(grep -c '^200$' "$WORK/replica-codes.txt")" -eq 40 ] || fail "[replicas] not all 40 requests were answered 200"
	case "$code" in 0|143) ;; *) fail "[replicas] the stopped instance exited with $code (killed, not stopped?)";; esac
	podman rm -f -t 10 "${names[@]}" >/dev/null
	kill "${REPLICA_PIDS[@]}" 2>/dev/null || true
	REPLICA_PIDS=()
}
replicas_test

# The Dockerfile keeps only linux-x64 in OnnxRuntime's jar: an ONNX model, mounted, must still work.
if [ -d "$SHARED/models/mobilenet_v2_onnx" ]; then
	log "[dockerfile-onnx] ONNX model from a mounted models folder (MODELS_DIR=/models)"
	mkdir -p "$WORK/onnx-models"
	cp -r "$MODEL_SRC" "$SHARED/models/mobilenet_v2_onnx" "$WORK/onnx-models/"
	chmod -R a+rX "$WORK/onnx-models"
	name="classifier-test-onnx-$$"; port="$(free_port)"
	podman run -d --name "$name" --memory "$MEMORY" -p "127.0.0.1:$port:8080" \
		-v "$WORK/onnx-models:/models:ro" -e MODELS_DIR=/models "$DF_IMAGE" >"$WORK/podman-run-onnx.log" 2>&1 \
		|| { cat "$WORK/podman-run-onnx.log"; fail "[dockerfile-onnx] podman run failed"; }
	CONTAINERS+=("$name")
	await_ready dockerfile-onnx "$name" "$port"
	body="$(curl -sS --max-time 60 -F model=mobilenet_v2_onnx -F "images=@$PHOTO" "http://127.0.0.1:$port/api/predictions")"
	top="$(grep -o '"index":[0-9]*' <<<"$body" | head -1 | cut -d: -f2)"
	[ "$top" = "$EXPECTED_INDEX" ] || fail "[dockerfile-onnx] mobilenet_v2_onnx gave top-1 '$top': $body"
	echo "[dockerfile-onnx] mobilenet_v2_onnx: caffe_cat.jpg -> $(grep -o '"predictions":\[{[^}]*}' <<<"$body")"
	podman rm -f -t 10 "$name" >/dev/null
else
	echo "(no $SHARED/models/mobilenet_v2_onnx: ONNX check skipped)"
fi

# ---------------------------------------------------------------------------------------------- sizes
log "Image sizes"
podman images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'image-classifier|classifier-base' | sort
echo "Jib tarball (jib:buildTar output, layers gzip-compressed as pushed): $((JIB_TAR_BYTES / 1000000)) MB"
for image in "$DF_IMAGE" "$JIB_IMAGE"; do
	echo "-- what takes the space in $image (du -sm, MB)"
	podman run --rm --entrypoint du "$image" -sm /usr/lib/jvm /opt/libtorch /app/lib /app/libs /app/models /app/backbones /app/classes /app/app.jar /usr 2>/dev/null \
		| awk '{printf "%6s MB  %s%s\n", $1, $2, ($2 == "/usr" ? " (the rest of it)" : "")}' || true
done
log "Summary"
printf '%s\n' "${RESULTS[@]}"
echo "container/test.sh passed in $((SECONDS - START_SECONDS)) s"
exit 0
}
