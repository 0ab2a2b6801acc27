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
./mvnw -B -q -o -pl media-gateway -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test 2>/dev/null \
  || ./mvnw -B -q -pl media-gateway -am test-compile dependency:build-classpath \
       -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p media-gateway/target/bench-chat
cat > media-gateway/target/bench-logback.xml <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML
# The reactor's own classes first: never a snapshot jar from ~/.m2.
cp="$root/media-gateway/target/test-classes:$root/media-gateway/target/classes"
cp="$cp:$root/classroom-core/target/test-classes:$root/classroom-core/target/classes"
cp="$cp:$root/proctoring/target/classes:$root/playback/target/classes:$root/web-static/target/classes:$(cat media-gateway/target/bench.classpath)"
ulimit -n 65536 2>/dev/null || true
CLASSROOM_REAL_JAVA="$(command -v java)" exec scripts/java-in-netns -Xms2g -Xmx2g -XX:+PerfDisableSharedMem \
  -Dlogback.configurationFile="$root/media-gateway/target/bench-logback.xml" \
  -cp "$cp" org.wlcy.classroom.gateway.bench.ChatFanoutBench --dir "$root/media-gateway/target/bench-chat" "$@"
