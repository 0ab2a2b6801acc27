#!/usr/bin/env bash
# Benchmark (not a test): HLS transcoding of one upload with JavaCV's HlsTranscoder (what the
# on-demand job runs) against the ffmpeg command line doing the same work (H.264 + AAC video
# rendition and an AAC-only rendition, 4 s VOD segments). Prints seconds for each and the ratio.
#
#   scripts/bench-transcode.sh [INPUT]        default input: a generated 30 s 1280x720 MP4 with a tone
#   RUNS=3 BENCH_SECONDS=30 SIZE=1280x720 scripts/bench-transcode.sh
#
# Installs Debian's ffmpeg when it is missing (this script only; tests never need the CLI).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SECONDS_IN=${BENCH_SECONDS:-30}
SIZE=${SIZE:-1280x720}
WORK=$(mktemp -d /tmp/bench-transcode.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if ! command -v ffmpeg >/dev/null; then
  echo "ffmpeg CLI missing: installing Debian's ffmpeg (benchmark only)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q ffmpeg >/dev/null; else sudo apt-get install -y -q ffmpeg >/dev/null; fi
fi

# Compile playback's test classes (the JavaCV side) and get their classpath, offline if possible.
MVN="./mvnw -q -B"
$MVN -o -pl playback -am test-compile -DskipTests >/dev/null 2>&1 || $MVN -pl playback -am test-compile -DskipTests >/dev/null
$MVN -o -pl playback dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null 2>&1 \
  || $MVN -pl playback dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="playback/target/test-classes:playback/target/classes:$(cat "$WORK/cp.txt")"
bench() { java -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.wlcy.classroom.playback.TranscodeBench "$@"; }

INPUT=${1:-}
if [ -z "$INPUT" ]; then
  INPUT="$WORK/input.mp4"
  W=${SIZE%x*}; H=${SIZE#*x}
  echo "generating a ${SECONDS_IN} s ${SIZE} H.264+AAC input with JavaCV..." >&2
  bench generate "$INPUT" "$SECONDS_IN" "$W" "$H"
fi

# The CLI with the same encoders as the JavaCV build (libopenh264 + native aac) when this ffmpeg has
# libopenh264, else libx264 (faster; said in the output).
if ffmpeg -hide_banner -encoders 2>/dev/null | grep -q libopenh264; then VCODEC=libopenh264; else VCODEC=libx264; fi
ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of csv=p=0 "$INPUT" | grep -q . \
  || { echo "no video stream in $INPUT" >&2; exit 1; }
HEIGHT=$(ffprobe -v error -select_streams v:0 -show_entries stream=height -of csv=p=0 "$INPUT")
if [ "$HEIGHT" -gt 720 ]; then SCALE=(-vf "scale=-2:720"); RATE=2500k; else SCALE=(); RATE=$([ "$HEIGHT" -ge 480 ] && echo 1200k || echo 700k); fi

cli_once() {
  local out="$WORK/cli"; rm -rf "$out"; mkdir -p "$out/video" "$out/audio"
  local t0 t1
  t0=$(date +%s.%N)
  ffmpeg -hide_banner -loglevel error -y -i "$INPUT" \
    -map 0:v:0 -map 0:a:0? "${SCALE[@]}" -r 30 -c:v "$VCODEC" -b:v "$RATE" -g 60 -pix_fmt yuv420p \
      -c:a aac -b:a 96k -ar 48000 \
      -f hls -hls_time 4 -hls_list_size 0 -hls_playlist_type vod -hls_segment_filename "$out/video/seg_%05d.ts" "$out/video/index.m3u8" \
    -map 0:a:0? -vn -c:a aac -b:a 96k -ar 48000 \
      -f hls -hls_time 4 -hls_list_size 0 -hls_playlist_type vod -hls_segment_filename "$out/audio/seg_%05d.ts" "$out/audio/index.m3u8"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

echo "input: $INPUT ($(du -h "$INPUT" | cut -f1)), $RUNS runs each, best kept" >&2
BEST_CLI=""
for i in $(seq "$RUNS"); do
  s=$(cli_once); echo "cli run $i: $s s" >&2
  if [ -z "$BEST_CLI" ] || [ "$(echo "$s < $BEST_CLI" | bc -l)" = 1 ]; then BEST_CLI=$s; fi
done
JAVACV_OUT=$(bench run "$INPUT" "$WORK/javacv" "$RUNS")
echo "$JAVACV_OUT" | grep -v '_seconds=' >&2
BEST_JAVACV=$(echo "$JAVACV_OUT" | sed -n 's/^javacv_seconds=//p')
MEDIA=$(echo "$JAVACV_OUT" | sed -n 's/^media_seconds=//p')

printf 'machine: %s, %s cores, %s\n' "$(uname -m)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf 'ffmpeg CLI: %s (%s)\n' "$(ffmpeg -version | head -1 | cut -d' ' -f3)" "$VCODEC"
printf 'media: %s s\n' "$MEDIA"
printf 'ffmpeg_cli_seconds=%.2f\njavacv_seconds=%.2f\nratio_javacv_over_cli=%.2f\n' "$BEST_CLI" "$BEST_JAVACV" \
  "$(echo "$BEST_JAVACV / $BEST_CLI" | bc -l)"
