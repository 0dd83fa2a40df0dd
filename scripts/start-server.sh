#!/bin/sh
# Starts the compiled production server (dist/server/index.mjs, `npm run build`) with the memory
# settings below. Every start path goes through this file, so that what is measured is what runs:
# `npm start`, deploy/Dockerfile, the integration tests and benchmarks (test/support/server.ts)
# and the e2e suite (e2e/support/start-server.mjs). Arguments are passed to node before the
# server's file (e.g. `--cpu-prof`). The node binary is $NODE when set (npm sets it to the node
# that runs npm; the tests set it to their own), else the first `node` on PATH.
#
# Why (docs/BENCHMARKS.md, "Idle memory": "Fewer V8 threads, one malloc arena" and "glibc's
# fixed thresholds"): idle, most of what the server held beyond its JavaScript heap and PGlite's
# WebAssembly memory was glibc malloc memory already freed but not handed back.
#  - MALLOC_ARENA_MAX=1: every thread allocates from the one main arena. V8's worker threads
#    compile (PGlite's and Prisma's WebAssembly, Next's chunks) in parallel at start, each in an
#    arena of its own, and the few allocations that outlive the start pinned those arenas' pages.
#  - MALLOC_MMAP_THRESHOLD_=131072 (glibc's own starting value, now kept): a block of 128 KB or
#    more is mapped on its own and unmapped when freed. Left dynamic, glibc raises the threshold
#    to the size of the first such block freed (up to 32 MB), and later ones come from, and stay
#    in, its heap. Idle after a first start (which hashes the demo passwords with Argon2, a
#    19 MB block each) it measured 343 to 363 MB on Node.js 24 without this, 272 to 279 with.
#  - MALLOC_TRIM_THRESHOLD_=4194304: the top of the heap is handed back once 4 MB of it is free,
#    not after every free of 128 KB (the default that comes with fixing the threshold above).
# All three are defaults, not overrides: an operator's own values win. They reach the processes
# the server starts too (the one-off initdb child on a first start). `--v8-pool-size=1` was set
# here as well (10 to 25 MB less) and was taken out: a clean-clone CI run on Node.js 24 had two
# test servers print nothing for 90 s at start, not explained.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4194304}"
# exec: the server takes this shell's process id, so signals (SIGTERM from `docker stop`, from
# npm, from the tests) reach it directly and it shuts down cleanly.
exec "${NODE:-node}" "$@" "$(dirname "$0")/../dist/server/index.mjs"
