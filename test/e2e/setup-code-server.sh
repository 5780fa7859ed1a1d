#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100) into .cache/code-server for the browser e2e suite,
# with no downloads beyond the npm registry and Debian.
# Idempotent: a finished install is reused. Needs `rg` (Debian ripgrep) on PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="$ROOT/.cache/code-server"
VSCODE="$DIR/node_modules/code-server/lib/vscode"
if [ -x "$DIR/node_modules/.bin/code-server" ] && [ -f "$VSCODE/node_modules/node-pty/build/Release/pty.node" ] && [ -f "$VSCODE/node_modules/@vscode/ripgrep/bin/rg" ]; then
  exit 0
fi
RG="$(command -v rg)"
TMP="${TMPDIR:-/tmp}"
# @vscode/ripgrep's postinstall downloads rg; hand it Debian's binary from its cache instead.
for v in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14 1.16.0 1.16.1 1.17.0 1.17.1 1.18.0; do
  cache="$TMP/vscode-ripgrep-cache-$v"
  mkdir -p "$cache"
  for target in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
    for rgv in v13.0.0-10 v13.0.0-13 v14.1.1-1; do
      f="$cache/ripgrep-$rgv-$target.tar.gz"
      [ -f "$f" ] || (d="$(mktemp -d)"; cp "$RG" "$d/rg"; tar -czf "$f" -C "$d" rg; rm -rf "$d")
    done
  done
done
mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"ratelab-e2e-code-server","private":true}' > package.json
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_fund=false npm_config_audit=false
npm install --no-save code-server@4.100.3 >/dev/null 2>&1 || true
cd "$DIR/node_modules/code-server"
if [ ! -e lib/vscode/node_modules.asar ]; then
  npm_config_user_agent="npm/11 node/v20 linux x64" sh postinstall.sh >/dev/null 2>&1 || true
fi
cd lib/vscode
npm install-scripts approve --all >/dev/null 2>&1 || true
npm rebuild >/dev/null 2>&1 || true
if [ ! -f node_modules/@vscode/ripgrep/bin/rg ]; then mkdir -p node_modules/@vscode/ripgrep/bin && cp "$RG" node_modules/@vscode/ripgrep/bin/rg; fi
test -f node_modules/node-pty/build/Release/pty.node
test -x "$DIR/node_modules/.bin/code-server"
