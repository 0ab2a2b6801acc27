#!/usr/bin/env bash
# Runs the classroom server on its embedded default: a managed Janus, the demo class, pages on
# http://localhost:8080. Extra arguments are settings, e.g. --http.port=9090.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh run || true
./mvnw -B -q -ntp package -DskipTests
# PerfDisableSharedMem: GC pauses must not wait on /tmp/hsperfdata while trace fsyncs keep the disk busy.
exec java -XX:+PerfDisableSharedMem -jar media-gateway/target/classroom-gateway.jar "$@"
