#!/usr/bin/env bash
# Decode time and memory of a 48-megapixel JPEG: subsampled to what the model needs vs a full decode.
# Usage: bench/decode.sh [IMAGE] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  com.example.classifier.image.DecodeBenchmark "${1:-../shared/images/large/cat_8000x6000.jpg}" "${2:-15}"
