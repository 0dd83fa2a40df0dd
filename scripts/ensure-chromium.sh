#!/usr/bin/env bash
# Makes sure the Chromium the Playwright suite drives is there (see playwright.config.ts).
# Playwright's own browser download is not reachable on our machines; Debian's chromium is.
set -euo pipefail

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM_PATH" ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no browser at $CHROMIUM_PATH; installing Debian's chromium with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends chromium
  if [ -x "$CHROMIUM_PATH" ]; then
    exit 0
  fi
  echo "ensure-chromium: chromium was installed but is not at $CHROMIUM_PATH; set CHROMIUM_PATH to its location" >&2
  exit 1
fi

cat >&2 <<MSG
ensure-chromium: no Chromium at $CHROMIUM_PATH, and it cannot be installed from here
(that needs root and apt-get). Either:
  - install it: sudo apt-get update && sudo apt-get install -y chromium
  - or point CHROMIUM_PATH at a Chromium or Chrome binary, e.g.
      CHROMIUM_PATH=\$(node -e "console.log(require('playwright-core').chromium.executablePath())") npm run test:e2e
    after 'npx playwright install chromium' where that can download.
MSG
exit 1
