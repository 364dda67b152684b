# Image for the image-classification service: `docker build -t image-classifier .`
#
# Needs the default model in the build context: models/mobilenet_v2/{mobilenet_v2.pt,synset.txt}
# (git-ignored; see docs/CONTAINER.md). Every other folder under models/ is baked in too, and so is the
# backbone `train` uses: backbones/mobilenet_v2_embedding/mobilenet_v2_embedding.pt.
#
# Base images are build arguments so that CI (or an air-gapped machine) can pass locally built ones:
#   --build-arg BUILD_IMAGE=...   a JDK 17 with Maven (mvn on the PATH), running as root
#   --build-arg RUNTIME_IMAGE=... a Java 17 runtime (java on the PATH) with bash
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

# ---------------------------------------------------------------------------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY pom.xml ./
COPY src/main ./src/main
# Tests, format and style checks run in CI (mvn verify), not here. Mount a Maven repository at /root/.m2 to reuse downloads
# (docker: a cache mount; buildah/podman: --volume "$HOME/.m2:/root/.m2").
RUN mvn -B -ntp -Dmaven.test.skip=true -Dcheckstyle.skip -Dspring-javaformat.skip package

COPY container/UnpackNatives.java ./container/
RUN set -eux; \
    # Spring Boot's own layout for containers: a thin app.jar whose manifest names lib/*.jar
    java -Djarmode=tools -jar target/image-classifier-*.jar extract --destination /out/app; \
    mv /out/app/image-classifier-*.jar /out/app/app.jar; \
    # Unpack libtorch now (DJL would do it at every container start, ~430 MB into the writable layer).
    # The runtime loads it from PYTORCH_LIBRARY_PATH, so the 110 MB jar it came from is not needed.
    DJL_CACHE_DIR=/tmp/djl java -Dai.djl.offline=true -cp '/out/app/lib/*' container/UnpackNatives.java; \
    mv /tmp/djl/pytorch/*-cpu-linux-x86_64 /out/libtorch; \
    rm -rf /tmp/djl /out/app/lib/pytorch-native-cpu-*.jar; \
    # libtorch_cpu.so comes with its symbol table (446 MB): stripping it saves ~90 MB when binutils is here.
    if command -v strip >/dev/null; then strip --strip-unneeded /out/libtorch/*.so*; fi; \
    # Prove it loads the way the runtime will: from PYTORCH_LIBRARY_PATH, without the jar, writing nothing.
    PYTORCH_LIBRARY_PATH=/out/libtorch DJL_CACHE_DIR=/tmp/djl-check \
        java -Dai.djl.offline=true -cp '/out/app/lib/*' container/UnpackNatives.java; \
    test ! -e /tmp/djl-check/pytorch; \
    # OnnxRuntime's jar carries natives and debug symbols for five platforms (137 MB): keep linux-x64's.
    ort="$(ls /out/app/lib/onnxruntime-[0-9]*.jar)"; \
    mkdir /tmp/ort; cd /tmp/ort; jar xf "$ort"; \
    rm -rf ai/onnxruntime/native/win-* ai/onnxruntime/native/osx-* ai/onnxruntime/native/linux-aarch64; \
    test -f ai/onnxruntime/native/linux-x64/libonnxruntime.so; \
    rm "$ort"; jar --create --no-manifest --file "$ort" -C /tmp/ort .; \
    chmod -R a+rX,go-w /out

# ---------------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}
ARG APP_UID=10001
ARG DEFAULT_MODEL=mobilenet_v2

# Non-root user in group 0, so platforms that run an arbitrary uid in group 0 work as well.
RUN echo "app:x:${APP_UID}:0:image-classifier:/app:/usr/sbin/nologin" >> /etc/passwd

# libjpeg-turbo's TurboJPEG library, the JPEG decoder the app uses where it is installed (Debian: libturbojpeg0,
# Ubuntu: libturbojpeg; about 0.7 MB; docs/JPEG-DECODERS.md). Left as it is when the base has it already.
RUN if ! ldconfig -p | grep -q 'libturbojpeg\.so\.0'; then \
        apt-get update -q \
        && { apt-get install -y -q --no-install-recommends libturbojpeg0 \
             || apt-get install -y -q --no-install-recommends libturbojpeg; } \
        && rm -rf /var/lib/apt/lists/*; \
    fi; \
    ldconfig -p | grep -q 'libturbojpeg\.so\.0'

# Memory: sized for a 512 MB container (Heroku standard-1x). libtorch allocates outside the Java heap,
# so the heap stays small. One malloc arena (MALLOC_ARENA_MAX) keeps native memory from creeping up with
# the threads (as fast as two, docs/CONTAINER.md); the app fixes glibc's mmap and trim thresholds itself, so that each inference call reuses
# the memory the last one freed, and gives it back after 2 s without a batch (docs/CONTAINER.md). Small
# fixed thresholds given here instead (MALLOC_MMAP_THRESHOLD_=131072, as this image had) use less memory
# under load at a third of the throughput: 38,000 page faults per batch of two.
# Override the JVM flags with -e JAVA_TOOL_OPTIONS=... (it replaces them all). jdk.nio.maxCachedBufferSize: a file
# read goes through a temporary direct buffer the size of the read, which each thread keeps unless bounded.
# Uploaded files go straight to temporary files (multipart threshold 0): with 1 MB kept in memory per part,
# 32 requests of ten parts filled the 160 MB heap before a single image was looked at.
# Two decode threads, whatever the host shows: each holds an upload of up to 25 MB until the decode budget counts
# it, which the 160 MB heap has room for twice; Heroku shows a dyno 8 cores.
# 48 MB of native memory for decoders (a progressive JPEG's coefficients, 2 bytes each): a 16-megapixel progressive
# JPEG at most, beside libtorch and the full heap, within 512 MB; larger ones are refused with 413.
# On a stop signal, 3 s still serving while reporting not-ready, for a balancer's health checks to take the instance
# out (README, "Several instances").
ENV PORT=8080 \
    CLASSIFIER_SHUTDOWN_DRAIN=3s \
    SPRING_SERVLET_MULTIPART_FILESIZETHRESHOLD=0 \
    CLASSIFIER_REQUESTS_DECODETHREADS=2 \
    CLASSIFIER_IMAGES_DECODENATIVEMEMORY=48MB \
    MODELS_DIR=/models \
    BUNDLED_MODELS_DIR=/app/models \
    CLASSIFIER_TRAINING_BACKBONE=/app/backbones/mobilenet_v2_embedding \
    DEFAULT_MODEL=${DEFAULT_MODEL} \
    PYTORCH_LIBRARY_PATH=/opt/libtorch \
    DJL_CACHE_DIR=/tmp/djl \
    DJL_OFFLINE=true \
    MALLOC_ARENA_MAX=1 \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx160m -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError -Djdk.nio.maxCachedBufferSize=262144 -Dai.djl.offline=true"

# Largest and least often changed first: libtorch, the libraries, the models, then the app itself.
COPY --from=build /out/libtorch /opt/libtorch
COPY --from=build /out/app/lib /app/lib
COPY backbones/ /app/backbones/
COPY models/ /app/models/
# The models the image ships with are in /app/models; /models is yours (mount a folder there): `train` writes
# there, and a model there is served, in place of a shipped one of the same name.
RUN test -s "/app/models/${DEFAULT_MODEL}/synset.txt" \
    || { echo "models/${DEFAULT_MODEL} is missing from the build context (see docs/CONTAINER.md)" >&2; exit 1; }; \
    test -s /app/backbones/mobilenet_v2_embedding/mobilenet_v2_embedding.pt \
    || { echo "backbones/mobilenet_v2_embedding is missing from the build context (see docs/CONTAINER.md)" >&2; exit 1; }; \
    mkdir /models && chown "${APP_UID}:0" /models && chmod 775 /models
COPY --from=build /out/app/app.jar /app/app.jar

USER ${APP_UID}
WORKDIR /app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD bash -c 'exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}" && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -n 1 <&3 | grep -q "^HTTP/1.[01] 200"'
# Arguments after the image name go to the app: `docker run IMAGE classify /data/cat.jpg`
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
