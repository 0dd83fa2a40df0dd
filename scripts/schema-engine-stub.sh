#!/bin/sh
# Stand-in for Prisma's schema engine; see scripts/prisma-generate.mjs.
echo "schema engine not available on this machine" >&2
exit 1
