// Runs `prisma generate` on machines that cannot download Prisma's schema engine.
// `generate` does not use the engine, but the CLI looks for it first; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at an existing file that exits 1 satisfies that check.
// A developer who set the variable (or has the real engine) keeps theirs.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const stub = fileURLToPath(new URL("./schema-engine-stub.sh", import.meta.url));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
const enginesDir = fileURLToPath(new URL("../node_modules/@prisma/engines/", import.meta.url));
const hasRealEngine = existsSync(enginesDir) && readdirSync(enginesDir).some((name) => name.startsWith("schema-engine"));
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !hasRealEngine) {
  if (existsSync(stub)) chmodSync(stub, 0o755);
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}
const result = spawnSync("npx", ["prisma", "generate", ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
