// Vitest global setup: compiles the production server (scripts/build-server.mjs) before any test
// file runs, so that the servers the integration tests start (test/support/server.ts) run the
// checkout's current sources, not a bundle left from an older `npm run build`.
import { buildServer } from "../../scripts/build-server.mjs";

export default async function setup(): Promise<void> {
  await buildServer();
}
