// `npm run build`, second half: compiles the custom server (server/index.ts and all it imports
// from this repository, TypeScript, `@/` aliases and the generated Prisma client included) into
// one ES module, so that `npm start` runs plain Node without tsx transpiling at every start
// (about 36 MB resident for tsx alone: docs/BENCHMARKS.md, "Idle memory"). It takes well under a
// second, so the test suites and benchmarks run it again before they start servers, and test the
// checkout's current sources (test/support/build-server.ts, bench/ensure-build.ts).
//
//   node scripts/build-server.mjs
import path from "node:path";
import { build } from "esbuild";
import { SERVER_BUNDLE } from "./server-bundle.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Writes SERVER_BUNDLE (and its source map) from server/index.ts. */
export async function buildServer() {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ["server/index.ts"],
    outfile: SERVER_BUNDLE,
    bundle: true,
    format: "esm",
    platform: "node",
    // The oldest Node.js package.json's engines allow.
    target: "node20.19",
    // Dependencies are loaded from node_modules at run time, as under tsx: some find files next
    // to themselves (Next.js, Prisma's query compiler, PGlite's WebAssembly), and Next's own
    // route bundles load the same packages, so one copy of each stays in memory.
    packages: "external",
    // For stack traces that name the TypeScript sources: `NODE_OPTIONS=--enable-source-maps npm
    // start`. Not on by default: it cost 30 to 55 MB idle, as Node then also parses the source
    // maps of Next's server chunks (docs/BENCHMARKS.md, "Idle memory"). The map leaves the
    // sources' text out (they are in the checkout), which keeps it small.
    sourcemap: true,
    sourcesContent: false,
    logLevel: "warning",
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) await buildServer();
