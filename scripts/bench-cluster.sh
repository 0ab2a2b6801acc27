#!/usr/bin/env bash
# Benchmarks what Redis adds to delivery latency across gateway nodes: a Redis of its own, two
# nodes, classes of 30 with half the trainees relayed through the second node. Arguments:
# [classes=10] [messages per second per class=10] [seconds=20]. See ClusterLatencyBench and
# docs/benchmarks.md. Needs redis-server (scripts/install-deps.sh test installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
# shellcheck source=lib/gateway-bench-classpath.sh
. scripts/lib/gateway-bench-classpath.sh
ulimit -n 65536 2>/dev/null || true
CLASSROOM_REAL_JAVA="$(command -v java)" exec scripts/java-in-netns -Xms2g -Xmx2g -XX:+PerfDisableSharedMem \
  -Dlogback.configurationFile="$root/media-gateway/target/bench-logback.xml" \
  -cp "$cp" org.wlcy.classroom.gateway.bench.ClusterLatencyBench "$@"
