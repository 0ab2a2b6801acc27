#!/usr/bin/env bash
# Runs one Gatling simulation of the loadtest module against a server this script starts on
# 127.0.0.1 and stops again (by its PID). See loadtest/ and docs/benchmarks.md ("Load tests").
#
#   scripts/loadtest.sh <simulation> [gateway|node-baseline|both] [--key=value ...]
#
# <simulation>: OneClass, ManyClasses, ConnectionStorm or Fanout (the "Simulation" suffix may be
# given). Targets: gateway (default: media-gateway/target/classroom-gateway.jar, built here, with
# a temp data dir and no media server: janus.urls points at a closed port, signalling still
# works), node-baseline (loadtest/baseline, `npm ci` here; it answers only the frames of
# FanoutSimulation and ConnectionStorm), both (gateway, then node-baseline, then the ratio).
# Options: --key=value becomes -Dload.key=value for the simulation (e.g. --classes=20
# --perClassRate=40 --duration=30; see each simulation's javadoc); --server.key=value becomes the
# gateway flag --key=value (e.g. --server.runtime.workerThreads=1); --serverHeap=1g;
# --measureHeap=true (ConnectionStorm against the gateway, with --holdSeconds long enough, e.g.
# 30): live heap after a forced GC (jcmd GC.run, GC.heap_info) before the storm and while all
# connections are joined and idle, and the difference per connection; histograms kept.
#
# Fanout --room=true (gateway only) adds the practice live room's orders (issue I). Environment:
# SERVER_JAVA_OPTS adds JVM flags to the gateway (e.g. -XX:StartFlightRecording=filename=x.jfr).
# For the gateway it also prints the GC pauses and its own latency per stage (issue J).
# SERVER_CPUS and LOADGEN_CPUS (taskset lists, e.g. 0 and 1) pin the server and the load generator
# to cores of their own, as if the load came from another machine (both servers alike).
#
# Keeps Gatling's HTML report and the run's figures (summary.properties) under
# loadtest/reports/<timestamp>-<simulation>-<target>/ (gitignored) and prints the figures:
# signalling requests/s and reply p50/p95/p99, deliveries/s and delivery latency, the server's
# CPU (cores busy in the measured window) and the machine's, and the ratio to the Node baseline
# when both ran.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

usage() { sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 1 ]] || usage
sim="${1%Simulation}"; shift
case "$sim" in
  OneClass|ManyClasses|ConnectionStorm|Fanout) ;;
  *) echo "unknown simulation '$sim'" >&2; usage ;;
esac
target=gateway
if [[ $# -gt 0 && "$1" != --* ]]; then target="$1"; shift; fi
case "$target" in gateway|node-baseline|both) ;; *) echo "unknown target '$target'" >&2; usage ;; esac
if [[ "$target" != gateway && "$sim" != Fanout && "$sim" != ConnectionStorm ]]; then
  echo "the Node baseline answers only the frames of Fanout and ConnectionStorm" >&2; exit 2
fi

props=(); server_flags=(); server_heap=1g; measure_heap=false; connections=1500
for arg in "$@"; do
  case "$arg" in
    --measureHeap=*) measure_heap="${arg#--measureHeap=}" ;;
    --connections=*) connections="${arg#--connections=}"; props+=("-Dload.connections=$connections") ;;
    --serverHeap=*) server_heap="${arg#--serverHeap=}" ;;
    --server.*=*) server_flags+=("--${arg#--server.}") ;;
    --*=*) props+=("-Dload.${arg#--}") ;;
    *) echo "options are --key=value, not '$arg'" >&2; usage ;;
  esac
done

mvn() { ./mvnw -B -q -o "$@" 2>/dev/null || ./mvnw -B -q "$@"; }
server_pin=(); loadgen_pin=()
[[ -n "${SERVER_CPUS:-}" ]] && server_pin=(taskset -c "$SERVER_CPUS")
[[ -n "${LOADGEN_CPUS:-}" ]] && loadgen_pin=(taskset -c "$LOADGEN_CPUS")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---- build what is needed -------------------------------------------------------------------
mvn -pl loadtest test-compile
if [[ "$target" != node-baseline ]]; then
  mvn -pl media-gateway -am package -DskipTests
fi
if [[ "$target" != gateway ]]; then
  (cd loadtest/baseline && npm ci --no-audit --no-fund --silent)
fi

server_pid=""; sampler_pid=""; tmp_dir=""
cleanup() {
  [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null || true
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  [[ -n "$tmp_dir" ]] && rm -rf "$tmp_dir"
  server_pid=""; sampler_pid=""; tmp_dir=""
}
trap cleanup EXIT

start_server() { # $1 target, $2 port, $3 log
  tmp_dir="$(mktemp -d /tmp/loadtest-server.XXXXXX)"
  if [[ "$1" == gateway ]]; then
    local flags=(--http.host=127.0.0.1 --http.port="$2" --data.dir="$tmp_dir"
                 --janus.urls=ws://127.0.0.1:9 --proctor.faceChecks=false)
    if [[ "$sim" == Fanout ]]; then
      # Fan-out measures delivery, not the limiter: raise the trainees' chat and danmaku rates.
      flags+=(--interaction.chatPerMinute=60000 --interaction.chatBurst=1000
              --interaction.danmakuPerMinute=60000 --interaction.danmakuBurst=1000)
    fi
    # shellcheck disable=SC2086 # SERVER_JAVA_OPTS: extra JVM flags, e.g. a JFR recording
    ${server_pin[@]+"${server_pin[@]}"} java -Xms"$server_heap" -Xmx"$server_heap" -XX:+PerfDisableSharedMem ${SERVER_JAVA_OPTS:-} \
      -jar media-gateway/target/classroom-gateway.jar "${flags[@]}" "${server_flags[@]}" >"$3" 2>&1 &
  else
    HOST=127.0.0.1 PORT="$2" ${server_pin[@]+"${server_pin[@]}"} node loadtest/baseline/server.js >"$3" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited; log:" >&2; tail -20 "$3" >&2; exit 1; }
    sleep 0.5
  done
  echo "server did not answer /healthz in 60 s; log:" >&2; tail -20 "$3" >&2; exit 1
}

# Every 0.5 s: epoch ms, the server's CPU ticks (utime+stime) and the machine's busy/total ticks.
sample_cpu() { # $1 pid, $2 file
  while kill -0 "$1" 2>/dev/null; do
    local now ticks busy
    now=$(date +%s%3N)
    ticks=$(awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0)
    busy=$(awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat)
    echo "$now $ticks $busy" >>"$2"
    sleep 0.5
  done
}

# Cores busy between two epoch-ms instants from the samples: server and whole machine.
cpu_in_window() { # $1 samples, $2 start ms, $3 end ms
  awk -v s="$2" -v e="$3" -v hz="$(getconf CLK_TCK)" -v n="$(nproc)" '
    NR == 1 || $1 <= s { a_t=$1; a_p=$2; a_b=$3; a_all=$4 }
    $1 <= e { b_t=$1; b_p=$2; b_b=$3; b_all=$4 }
    END { secs=(b_t-a_t)/1000; if (secs <= 0) { print "server.cores=-\nmachine.busyCores=-"; exit }
          printf "server.cores=%.2f\nmachine.busyCores=%.2f\ncpu.sampledSeconds=%.1f\n",
                 (b_p-a_p)/hz/secs, n*(b_b-a_b)/(b_all-a_all), secs }' "$1"
}

# Live heap (after a full GC) of the gateway in KiB.
live_heap_kib() { # $1 pid
  jcmd "$1" GC.run >/dev/null 2>&1
  jcmd "$1" GC.heap_info 2>/dev/null | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1
}

# Before the storm, then once all $3 connections are established and idle: live heap, histograms.
measure_heap_per_connection() { # $1 pid, $2 port, $3 connections, $4 report dir
  local idle_kib joined_kib n
  idle_kib="$(live_heap_kib "$1")"
  jcmd "$1" GC.class_histogram >"$4/histogram-before.txt" 2>/dev/null || true
  for _ in $(seq 1 240); do
    n="$(ss -Htn state established "( sport = :$2 )" 2>/dev/null | wc -l)"
    [[ "$n" -ge "$3" ]] && break
    sleep 0.5
  done
  sleep 3 # the joins' replies and events are out; the connections are idle
  n="$(ss -Htn state established "( sport = :$2 )" 2>/dev/null | wc -l)"
  joined_kib="$(live_heap_kib "$1")"
  jcmd "$1" GC.class_histogram >"$4/histogram-joined.txt" 2>/dev/null || true
  {
    echo "heap.liveBefore.kib=$idle_kib"
    echo "heap.liveWithConnections.kib=$joined_kib"
    echo "heap.connectionsOpen=$n"
    awk -v a="$idle_kib" -v b="$joined_kib" -v n="$n" 'BEGIN{ if (n > 0) printf "heap.perIdleConnection.kib=%.2f\n", (b-a)/n }'
  } >"$4/heap.properties"
}

run_one() { # $1 target -> sets last_report
  local t="$1" port stamp report log
  port="$(free_port)"
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  report="$root/loadtest/reports/$stamp-$sim-$t"
  mkdir -p "$report"
  log="$report/server.log"
  echo "== $sim against $t on 127.0.0.1:$port (report: ${report#$root/})"
  start_server "$t" "$port" "$log"
  sample_cpu "$server_pid" "$report/cpu-samples.txt" &
  sampler_pid=$!
  local scraper_pid=""
  if [[ "$t" == gateway ]]; then
    (while kill -0 "$server_pid" 2>/dev/null; do
       curl -sf "http://127.0.0.1:$port/metrics" >"$report/metrics-$(date +%s%3N).txt" 2>/dev/null || true
       sleep 2
     done) &
    scraper_pid=$!
  fi
  local heap_pid=""
  if [[ "$measure_heap" == true && "$t" == gateway ]]; then
    measure_heap_per_connection "$server_pid" "$port" "$connections" "$report" &
    heap_pid=$!
  fi
  local before
  before="$(ls -1d loadtest/target/gatling/*/ 2>/dev/null || true)"
  ulimit -n 65536 2>/dev/null || true
  ${loadgen_pin[@]+"${loadgen_pin[@]}"} ./mvnw -B -q -pl loadtest gatling:test \
    -Dgatling.simulationClass="org.wlcy.classroom.loadtest.${sim}Simulation" \
    -Dgatling.runDescription="$sim against $t" \
    -Dload.baseUrl="http://127.0.0.1:$port" -Dload.summaryFile="$report/summary.properties" \
    "${props[@]}" 2>&1 | grep -v -E '\|-(INFO|WARN) in |^\s*$' | tee "$report/gatling-console.txt" \
    | grep -E '^(---- |> |Reports generated)' | tail -40 || true
  local newest
  newest="$(comm -13 <(echo "$before" | sort) <(ls -1d loadtest/target/gatling/*/ 2>/dev/null | sort) | tail -1)"
  if [[ -n "$newest" ]]; then cp -r "$newest"/. "$report/"; fi
  local s e
  s="$(sed -n 's/^window.startMillis=//p' "$report/summary.properties" 2>/dev/null | head -1)"
  e="$(sed -n 's/^window.endMillis=//p' "$report/summary.properties" 2>/dev/null | head -1)"
  if [[ -n "$s" && -n "$e" && "$e" != 0 ]]; then
    { echo "target=$t"; cpu_in_window "$report/cpu-samples.txt" "$s" "$e"; } >>"$report/summary.properties"
    # Per core of server CPU: the rate divided by the cores the server kept busy in the window.
    awk -F= '{v[$1]=$2} END { c=v["server.cores"]+0; if (c > 0) {
        if (v["deliveries.perSecond"] != "") printf "deliveries.perServerCore=%.0f\n", v["deliveries.perSecond"]/c;
        if (v["requests.perSecond"] != "") printf "requests.perServerCore=%.0f\n", v["requests.perSecond"]/c } }' \
      "$report/summary.properties" >>"$report/summary.properties.tmp"
    cat "$report/summary.properties.tmp" >>"$report/summary.properties"; rm -f "$report/summary.properties.tmp"
  fi
  if [[ -n "$heap_pid" ]]; then wait "$heap_pid" || true; cat "$report/heap.properties" >>"$report/summary.properties" 2>/dev/null || true; fi
  if [[ "$t" == gateway ]]; then
    # Where the time went, per stage (issue J): the gateway's own p50/p99 over the ~20 s before
    # the measured window's end (the last scrape before it; the connections' close comes after).
    local snap
    snap="$(ls -1 "$report"/metrics-*.txt 2>/dev/null | awk -F'metrics-|[.]txt' -v e="$e" '$2 <= e' | tail -1)"
    [[ -n "$snap" ]] && cp "$snap" "$report/metrics.txt"
    sed -n 's/^classroom_stage_seconds{stage="\([a-z-]*\)",quantile="\([0-9.]*\)"} \(.*\)$/\1 \2 \3/p' \
      "$report/metrics.txt" | awk '{ q = ($2 == "0.5") ? "p50" : "p99"; printf "stage.%s.%s.ms=%.3f\n", $1, q, $3 * 1000 }' \
      | sort >>"$report/summary.properties"
    awk '/^jvm_gc_pause_seconds_count/ { n += $NF } /^jvm_gc_pause_seconds_sum/ { t += $NF }
         /^jvm_gc_pause_seconds_max/ { if ($NF > m) m = $NF }
         END { printf "gc.pauses=%d\ngc.pauseTotal.ms=%.0f\ngc.pauseMax.ms=%.1f\n", n, t * 1000, m * 1000 }' \
      "$report/metrics.txt" >>"$report/summary.properties"
  fi
  kill "$sampler_pid" 2>/dev/null || true; sampler_pid=""
  [[ -n "$scraper_pid" ]] && { kill "$scraper_pid" 2>/dev/null || true; rm -f "$report"/metrics-*.txt; }
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  rm -rf "$tmp_dir"; tmp_dir=""
  echo "---- $sim / $t"
  grep -v -E '^(simulation|window\.(start|end)Millis)=' "$report/summary.properties" || echo "(no summary: see $report/gatling-console.txt)"
  echo "report: ${report#$root/}/index.html"
  last_report="$report"
}

prop() { sed -n "s/^$2=//p" "$1/summary.properties" 2>/dev/null | head -1; }

ratio() { # $1 gateway report, $2 baseline report
  for key in deliveries.perSecond requests.perSecond storm.joinsPerSecond deliveries.perServerCore requests.perServerCore; do
    local g b
    g="$(prop "$1" "$key")"; b="$(prop "$2" "$key")"
    if [[ -n "$g" && -n "$b" ]] && awk -v b="$b" 'BEGIN{exit !(b > 0)}'; then
      awk -v g="$g" -v b="$b" -v k="$key" 'BEGIN{printf "ratio gateway / node-baseline, %s: %.2f (%s vs %s)\n", k, g/b, g, b}'
    fi
  done
  for key in latency.p99.ms reply.p99.ms server.cores; do
    echo "$key: gateway $(prop "$1" "$key"), node-baseline $(prop "$2" "$key")"
  done
}

last_report=""
if [[ "$target" == both ]]; then
  run_one gateway; g="$last_report"
  run_one node-baseline; b="$last_report"
  echo "==== $sim: gateway vs node-baseline"; ratio "$g" "$b"
else
  run_one "$target"
  other=node-baseline; [[ "$target" == node-baseline ]] && other=gateway
  prev="$(ls -1d loadtest/reports/*-"$sim"-"$other" 2>/dev/null | tail -1 || true)"
  if [[ -n "$prev" ]]; then
    echo "==== compared with the latest $other run (${prev#$root/}; settings may differ)"
    if [[ "$target" == gateway ]]; then ratio "$last_report" "$prev"; else ratio "$prev" "$last_report"; fi
  fi
fi
