#!/usr/bin/env bash
# Best effort: installs Debian's nginx-light so `npm run test:scale` can also check
# deploy/nginx.conf in front of two instances. Never fails: without nginx that one test says
# it is skipped, and the rest of test:scale runs.
set -uo pipefail

if command -v nginx >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-nginx: installing Debian's nginx-light with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y --no-install-recommends nginx-light || { apt-get update && apt-get install -y --no-install-recommends nginx-light; }; } >/dev/null 2>&1 \
    || echo "ensure-nginx: could not install nginx-light; the proxy test will be skipped" >&2
  # Debian starts the packaged service on port 80; the test runs its own nginx.
  if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
else
  echo "ensure-nginx: no nginx, and not root with apt-get; the proxy test will be skipped" >&2
fi
exit 0
