#!/usr/bin/env bash
# Runs every test: unit, codec, handler, whole-server, and the real Janus + headless Chromium
# end-to-end tests. Installs what the tests need first (see scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
./mvnw -B -ntp verify "$@"
