#!/usr/bin/env bash
# Benchmarks the trace stores: events acknowledged after fsync/COMMIT per second and the
# acknowledgement latency (see TraceStoreBench and docs/benchmarks.md). Arguments go to the bench,
# e.g. `scripts/bench-trace-store.sh --store file --mode open --seconds 20`.
#
# Compiles with the Maven wrapper (reactor, nothing installed), then runs plain `java` through
# scripts/java-in-netns, so that the bench's PostgreSQL listens in a network namespace of its own
# when run as root. The file store writes under proctoring/target (a real disk, not tmpfs).
# -XX:+PerfDisableSharedMem: without it the JVM's mmapped /tmp/hsperfdata file stalls GC pauses
# behind the disk's writeback while fsyncs run (p99 76 ms instead of 5 ms here; see ADR 0007).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
./mvnw -B -q -pl proctoring -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p proctoring/target/bench-data
cat > proctoring/target/bench-logback.xml <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML
cp="$root/proctoring/target/test-classes:$root/proctoring/target/classes:$(cat proctoring/target/bench.classpath)"
CLASSROOM_REAL_JAVA="$(command -v java)" exec scripts/java-in-netns -Xms1g -Xmx1g -XX:+PerfDisableSharedMem \
  -Dlogback.configurationFile="$root/proctoring/target/bench-logback.xml" \
  -cp "$cp" org.wlcy.classroom.proctoring.bench.TraceStoreBench --dir "$root/proctoring/target/bench-data" "$@"
