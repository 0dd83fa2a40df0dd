// JavaScript, not TypeScript: Next.js loads a next.config.ts through its TypeScript transpiler
// at every start of the server, which then keeps about 30 MB more resident for good
// (docs/BENCHMARKS.md, "Idle memory (issue 15)").

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Served by our own server (server/index.ts); these packages hold native code, WASM or
  // process-wide state and must be loaded by Node, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "@node-rs/argon2",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "socket.io",
  ],
  // `npm run typecheck` checks the whole project (tests, server and scripts included) in CI;
  // checking again inside every build only slows the test runs.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
