#!/usr/bin/env bash
# Benchmarks chat and danmaku fan-out through the whole gateway on loopback: deliveries per second
# and send -> receive latency for 1 class of 30 and 100 classes of 30 (3000 WebSocket connections).
# See ChatFanoutBench and docs/benchmarks.md. Arguments go to the bench, e.g.
# `scripts/bench-chat-fanout.sh --scenarios 100 --perClassRate 40 --seconds 30`.
#
# Compiles with the Maven wrapper (reactor, nothing installed), then runs plain `java` through
# scripts/java-in-netns (as root: a network namespace of its own, so every byte stays on its
# loopback). The trace store writes under media-gateway/target (a real disk).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
# shellcheck source=lib/gateway-bench-classpath.sh
. scripts/lib/gateway-bench-classpath.sh
mkdir -p media-gateway/target/bench-chat
ulimit -n 65536 2>/dev/null || true
CLASSROOM_REAL_JAVA="$(command -v java)" exec scripts/java-in-netns -Xms2g -Xmx2g -XX:+PerfDisableSharedMem \
  -Dlogback.configurationFile="$root/media-gateway/target/bench-logback.xml" \
  -cp "$cp" org.wlcy.classroom.gateway.bench.ChatFanoutBench --dir "$root/media-gateway/target/bench-chat" "$@"
