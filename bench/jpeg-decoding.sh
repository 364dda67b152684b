#!/usr/bin/env bash
# JPEG decoding before (the JDK's decoder) and after (libjpeg-turbo with DCT scaling), side by side in one run: CPU
# per decode and preprocessing of the camera-sized JPEGs and a 480x360 photo, the 20 photos' top five against
# torchvision's, and each DCT scale's effect on the model's probabilities. Prints markdown (bench/REPORT.md quotes a run).
#
#   bench/jpeg-decoding.sh [ROUNDS]      # needs Debian's libturbojpeg0 (.ci/setup installs it); about 2 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Dai.djl.offline=true -Dlogback.configurationFile=bench/logback-bench.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  com.example.classifier.image.JpegDecoding "$SHARED" "${1:-9}"
