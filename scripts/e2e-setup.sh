#!/usr/bin/env bash
# Installs what the real-client tests need, idempotently: Debian's chromium (driven by playwright-core), and
# code-server (a real VS Code 1.100.3 workbench) from npm into a git-ignored folder of the repository.
# Debian 12, Node 20; network: the npm registry and Debian's repositories only.
set -euo pipefail
cd "$(dirname "$0")/.."

CS_VERSION=${CS_VERSION:-4.100.3}   # the newest code-server whose engines.node accepts Node 20 (VS Code 1.100.3)
CS_PREFIX=${CS_PREFIX:-$PWD/.vscode-test/code-server-$CS_VERSION}
RG_PKG_VERSION=1.15.11              # @vscode/ripgrep version pinned by code-server 4.100.3
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

# 1. Debian packages: the browser, ripgrep (stands in for a GitHub download), headers for code-server's native modules.
need=()
for p in chromium ripgrep libkrb5-dev libsecret-1-dev build-essential python3 pkg-config curl unzip; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if ((${#need[@]})); then
  echo "e2e-setup: apt-get install ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. code-server from npm, in its own prefix (its postinstall builds native modules; keep it out of the project's npm ci).
if [ ! -x "$CS_PREFIX/node_modules/.bin/code-server" ]; then
  echo "e2e-setup: npm install code-server@$CS_VERSION into $CS_PREFIX"
  rgcache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RG_PKG_VERSION"
  mkdir -p "$rgcache" "$CS_PREFIX"
  if [ ! -s "$rgcache/$RG_ASSET" ]; then
    # @vscode/ripgrep's postinstall takes a cached tarball instead of downloading from GitHub: give it Debian's rg.
    t=$(mktemp -d); cp "$(command -v rg)" "$t/rg"; tar czf "$rgcache/$RG_ASSET" -C "$t" rg; rm -rf "$t"
  fi
  [ -f "$CS_PREFIX/package.json" ] || echo '{ "private": true }' > "$CS_PREFIX/package.json"
  (
    cd "$CS_PREFIX"
    # npm 11 has no --unsafe-perm (code-server's postinstall demands it as root); ~/.npmrc may say yes=false,
    # which stops node-pty's `npx node-gyp`.
    export npm_config_unsafe_perm=true npm_config_yes=true
    # node-gyp must use the local headers rather than download them.
    [ -d /usr/include/node ] && export npm_config_nodedir=/usr
    npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
  )
fi
# --version writes a default config under XDG_CONFIG_HOME: point it at a throw-away folder.
v=$(XDG_CONFIG_HOME=$(mktemp -d) "$CS_PREFIX/node_modules/.bin/code-server" --version 2>/dev/null | tail -1)
echo "e2e-setup: code-server $v; chromium $(dpkg-query -W -f='${Version}' chromium)"
