import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["{server,lib,test,bench,components}/**/*.test.{ts,tsx}"],
    // test/scale needs PostgreSQL and Redis: `npm run test:scale` (vitest.scale.config.ts).
    exclude: ["node_modules/**", "e2e/**", ".next/**", "test/scale/**"],
    environment: "node",
    // Compiles the production server that the integration tests start (test/support/server.ts).
    globalSetup: ["test/support/build-server.ts"],
    // Integration tests start real servers and databases: generous per-test limits, and a
    // couple of files at a time on these 2-core machines.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
