# Sourced by the gateway benchmarks (bench-chat-fanout.sh, bench-cluster.sh): compiles the reactor
# with the Maven wrapper (nothing installed), writes a WARN-only logback file, and sets $cp to the
# reactor's own classes first (never a snapshot jar from ~/.m2), then the dependencies.
# Expects $root (the repository) and the current directory to be it.
./mvnw -B -q -o -pl media-gateway -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test 2>/dev/null \
  || ./mvnw -B -q -pl media-gateway -am test-compile dependency:build-classpath \
       -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cat > media-gateway/target/bench-logback.xml <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML
cp="$root/media-gateway/target/test-classes:$root/media-gateway/target/classes"
cp="$cp:$root/classroom-core/target/test-classes:$root/classroom-core/target/classes"
cp="$cp:$root/proctoring/target/classes:$root/playback/target/test-classes:$root/playback/target/classes"
cp="$cp:$root/web-static/target/classes:$(cat media-gateway/target/bench.classpath)"
