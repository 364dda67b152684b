#!/usr/bin/env bash
# CPU per decode of the shared camera-sized JPEGs and a 480x360 photo: the JDK's decoder (full, and with the source
# subsampling the app uses for large images today) against Debian's libjpeg-turbo (libturbojpeg0, through
# libturbojpeg-java's own binding) at full scale and with its DCT-domain scaling. Medians of 9 decodes on one
# thread, CPU time of that thread. Prints a table; docs/JPEG-DECODERS.md holds a run.
#
#   bench/jpeg-decoders.sh            # needs: apt-get install libturbojpeg0 libturbojpeg-java
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
[ -f /usr/share/java/turbojpeg.jar ] && [ -e /usr/lib/x86_64-linux-gnu/libturbojpeg.so.0 ] \
  || { echo "needs Debian's libturbojpeg0 and libturbojpeg-java (apt-get install libturbojpeg0 libturbojpeg-java)" >&2; exit 1; }
# The binding loads libturbojpeg.so, which only the -dev package links: point it at the runtime library.
mkdir -p target/jpeg-decoders/lib
ln -sf /usr/lib/x86_64-linux-gnu/libturbojpeg.so.0 target/jpeg-decoders/lib/libturbojpeg.so
java -cp /usr/share/java/turbojpeg.jar -Djava.library.path=target/jpeg-decoders/lib bench/JpegDecoders.java \
  "$SHARED/images/large/dog_4032x3024.jpg" "$SHARED/images/large/coffee_4032x3024.jpg" \
  "$SHARED/images/large/cat_8000x6000.jpg" "$SHARED/images/photos/caffe_cat.jpg"
