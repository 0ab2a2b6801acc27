#!/usr/bin/env bash
# Installs the Debian packages the product needs: `run` (Janus) or `test` (Janus, its tools,
# Chromium and chromedriver, iproute2 for the test network namespace). As root it installs what
# is missing; otherwise it prints the exact command and, for `test`, fails.
set -euo pipefail
what="${1:-run}"
case "$what" in
  run)  pkgs=(janus fonts-wqy-microhei) ;;
  test) pkgs=(janus janus-tools fonts-wqy-microhei chromium chromium-driver iproute2 util-linux postgresql redis-server) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
# axe-core (the accessibility checker LayoutEndToEndTest injects into the pages) comes from the
# npm registry (`npm pack`, no install), once, into a cache folder the test reads
# (CLASSROOM_AXE_JS overrides the file). Maven Central has no axe-core webjar reachable here.
AXE_VERSION=4.10.2
axe_js() {
  local dir="${XDG_CACHE_HOME:-$HOME/.cache}/classroom/axe-core-$AXE_VERSION"
  [ -s "$dir/axe.min.js" ] && return 0
  if ! command -v npm >/dev/null; then
    echo "npm is missing: cannot fetch axe-core $AXE_VERSION for the layout tests (apt-get install npm)" >&2
    return 1
  fi
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null && tar xzf "axe-core-$AXE_VERSION.tgz" package/axe.min.js)
  mkdir -p "$dir" && mv "$tmp/package/axe.min.js" "$dir/axe.min.js" && rm -rf "$tmp"
  echo "axe-core $AXE_VERSION: $dir/axe.min.js"
}
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ ${#missing[@]} -eq 0 ]; then
  :
elif [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}. Install them with:" >&2
  echo "  sudo $cmd" >&2
  [ "$what" = run ] || exit 1
fi
# After the packages: the machine's npm (Node.js comes with this machine kind) fetches axe-core.
if [ "$what" = test ]; then axe_js || exit 1; fi
