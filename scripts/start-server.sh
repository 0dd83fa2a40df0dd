#!/bin/sh
# Starts the compiled production server (dist/server/index.mjs, `npm run build`) with the memory
# settings below. Every start path goes through this file, so that what is measured is what runs:
# `npm start`, deploy/Dockerfile, the integration tests and benchmarks (test/support/server.ts)
# and the e2e suite (e2e/support/start-server.mjs). Arguments are passed to node before the
# server's file (e.g. `--cpu-prof`). The node binary is $NODE when set (npm sets it to the node
# that runs npm; the tests set it to their own), else the first `node` on PATH.
#
# Why (docs/BENCHMARKS.md, "Idle memory", "Fewer V8 threads, one malloc arena"): idle, most of
# what the server held beyond its JavaScript heap and PGlite's WebAssembly memory was glibc malloc
# memory already freed but not handed back: V8's worker threads compile (PGlite's and Prisma's
# WebAssembly, Next's chunks) in parallel at start, each in its own malloc arena, and the few
# allocations that outlive the start pin those arenas' pages. On the embedded defaults, idle:
# 323 to 355 MB without these settings, about 260 to 275 MB with them.
#  - MALLOC_ARENA_MAX=1: every thread allocates from the one main arena.
# Both are defaults, not overrides: an operator's own MALLOC_ARENA_MAX wins, and so does a
# --v8-pool-size in their NODE_OPTIONS (the later value counts), e.g. on a machine with many cores
# under heavy load. NODE_OPTIONS and MALLOC_ARENA_MAX reach the processes the server starts too
# (the one-off initdb child on a first start).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
# --v8-pool-size=1 was set here too (about 10 to 25 MB less idle) and is taken out: the last
# clean-clone CI run on Node.js 24 had two test servers print nothing for 90 s at start, not yet
# explained (docs/BENCHMARKS.md, "Fewer V8 threads, one malloc arena"). MALLOC_ARENA_MAX=1 alone
# measured 285 to 297 MB idle on Node.js 20.
# exec: the server takes this shell's process id, so signals (SIGTERM from `docker stop`, from
# npm, from the tests) reach it directly and it shuts down cleanly.
exec "${NODE:-node}" "$@" "$(dirname "$0")/../dist/server/index.mjs"
