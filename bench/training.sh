#!/usr/bin/env bash
# Training on the 180 rock-paper-scissors images (../shared/datasets/rock_paper_scissors/train) with the packaged jar,
# as a user runs it: the whole run (JVM start included), the features (decode + backbone, once), the training of the
# head and the time per epoch; then the same with --augment (features every epoch); then the backbone's batch size
# while computing features (classifier.training.backbone-batch) and the trained model's serving batch size
# (batch_size in its serving.properties, evaluate's throughput on val). Cases alternate, REPEAT rounds.
# Writes bench/TRAINING.md.
#
#   bench/training.sh                 # about 4 minutes on 2 cores
#   REPEAT=1 SKIP_BUILD=1 bench/training.sh
#
# Settings (environment): SHARED (default ../shared), REPEAT (default 2), SKIP_BUILD=1, REPORT.
set -euo pipefail

cd "$(dirname "$0")/.."
SHARED=$(cd "${SHARED:-../shared}" && pwd)
REPEAT=${REPEAT:-2}
REPORT=${REPORT:-bench/TRAINING.md}
DATA=$SHARED/datasets/rock_paper_scissors
BACKBONE=$SHARED/backbones/mobilenet_v2_embedding
JAR=target/image-classifier-1.0.0.jar
WORK=target/bench-training
rm -rf "$WORK"
mkdir -p "$WORK"

log() { echo "[training $(date -u +%H:%M:%S)] $*" >&2; }
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "building (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests
fi

# train NAME [java options] -- [train options]: prints "wall features training epochs"
train() {
  local name=$1; shift
  local jvm=() start end out
  while [[ $# -gt 0 && $1 != -- ]]; do jvm+=("$1"); shift; done
  shift
  start=$(date +%s.%N)
  out=$(java -Dai.djl.offline=true "${jvm[@]}" -jar "$JAR" train --name "$name" --models-dir "$WORK/models" \
    --backbone "$BACKBONE" --replace -q "$@" "$DATA/train" 2>"$WORK/$name.err")
  end=$(date +%s.%N)
  local features training epochs
  features=$(sed -n 's/^time *\([0-9.]*\) s features.*/\1/p' <<<"$out")
  training=$(sed -n 's/^time .* s features, \([0-9.]*\) s training/\1/p' <<<"$out")
  epochs=$(grep -c '^epoch ' <<<"$out")
  awk -v s="$start" -v e="$end" -v f="$features" -v t="$training" -v n="$epochs" 'BEGIN { printf "%.1f %s %s %s\n", e - s, f, t, n }'
}

# evaluate NAME: prints evaluate's images/s on val
evaluate() {
  java -Dai.djl.offline=true -jar "$JAR" evaluate --model "$1" --models-dir "$WORK/models" "$DATA/val" 2>/dev/null \
    | sed -n 's/^throughput *\([0-9.]*\) images\/s.*/\1/p'
}

{
  echo "# Training on 180 images"
  echo
  echo "\`bench/training.sh\`, $(date -u +%Y-%m-%d), $(nproc) cores, $REPEAT rounds, cases alternating within each round."
  echo "The jar as a user runs it: \`train --name NAME ... rock_paper_scissors/train\` (180 PNG images, 300x200; 144"
  echo "train, 36 held out for validation), \`--epochs 30\` with early stopping (patience 5)."
  echo
  echo "## The whole run"
  echo
  echo "| round | case | wall s (JVM start included) | features s | training s | epochs | s per epoch |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} > "$REPORT"

for round in $(seq "$REPEAT"); do
  for case in plain augmented; do
    log "round $round: $case"
    if [[ $case == plain ]]; then
      read -r wall features training epochs < <(train plain --)
    else
      read -r wall features training epochs < <(train augmented -- --augment)
    fi
    per=$(awk -v t="$training" -v n="$epochs" 'BEGIN { printf "%.3f", t / n }')
    echo "| $round | $case | $wall | $features | $training | $epochs | $per |" >> "$REPORT"
  done
done

{
  echo
  echo "## The backbone's batch while computing features"
  echo
  echo "\`-Dclassifier.training.backbone-batch=N\`: images per call of the backbone. Features time for the 180 images."
  echo
  echo "| round | batch 1 | batch 2 | batch 4 | batch 16 |"
  echo "| --- | --- | --- | --- | --- |"
} >> "$REPORT"
for round in $(seq "$REPEAT"); do
  row="| $round |"
  for batch in 1 2 4 16; do
    log "round $round: backbone batch $batch"
    read -r _ features _ _ < <(train "batch$batch" "-Dclassifier.training.backbone-batch=$batch" -- --epochs 1)
    row="$row $features s |"
  done
  echo "$row" >> "$REPORT"
done

{
  echo
  echo "## The trained model's serving batch"
  echo
  echo "\`batch_size\` in the trained model's serving.properties (train writes 2); \`evaluate\` on the 75 val images,"
  echo "images/s (model loading excluded)."
  echo
  echo "| round | batch_size 1 | 2 | 4 | 8 |"
  echo "| --- | --- | --- | --- | --- |"
} >> "$REPORT"
for round in $(seq "$REPEAT"); do
  row="| $round |"
  for batch in 1 2 4 8; do
    log "round $round: serving batch $batch"
    sed -i "s/^batch_size=.*/batch_size=$batch/" "$WORK/models/plain/serving.properties"
    row="$row $(evaluate plain) |"
  done
  echo "$row" >> "$REPORT"
done
sed -i "s/^batch_size=.*/batch_size=2/" "$WORK/models/plain/serving.properties"
log "wrote $REPORT"
cat "$REPORT"
