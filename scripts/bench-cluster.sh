#!/usr/bin/env bash
# Benchmarks what Redis adds to delivery latency across gateway nodes: a Redis of its own, two
# nodes, classes of 30 with half the trainees relayed through the second node. Arguments:
# [classes=10] [messages per second per class=10] [seconds=20]. See ClusterLatencyBench and
# docs/benchmarks.md. Needs redis-server (scripts/install-deps.sh test installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
./mvnw -B -q -o -pl media-gateway -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test 2>/dev/null \
  || ./mvnw -B -q -pl media-gateway -am test-compile dependency:build-classpath \
       -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p media-gateway/target/bench-cluster
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
  -cp "$cp" org.wlcy.classroom.gateway.bench.ClusterLatencyBench "$@"
