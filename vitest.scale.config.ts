import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run test:scale`: several real instances sharing a real PostgreSQL and Redis
// (TEST_DATABASE_URL, TEST_REDIS_URL; defaults on 127.0.0.1). Not part of `npm test`, which
// must run without those services; .ci/run runs it when they answer.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["test/scale/**/*.test.ts"],
    environment: "node",
    // Compiles the production server that the integration tests start (test/support/server.ts).
    globalSetup: ["test/support/build-server.ts"],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Each file starts its own instances: one file at a time on these 2-core machines.
    maxWorkers: 1,
  },
});
