// A Prisma generator that only writes the DMMF it receives to the generator block's `output` path. Prisma speaks
// JSON-RPC to generators: requests on our stdin, one JSON line each; replies on our stderr.
// Used by test/db/declared-schema.ts to read schema.prisma through Prisma itself (offline).
import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline";

const reply = (id, result) => process.stderr.write(`${JSON.stringify({ jsonrpc: "2.0", id, result })}\n`);

createInterface({ input: process.stdin }).on("line", (line) => {
  const message = JSON.parse(line);
  if (message.method === "getManifest") {
    reply(message.id, { manifest: { prettyName: "DMMF dump", requiresEngines: [] } });
  } else if (message.method === "generate") {
    writeFileSync(message.params.generator.output.value, JSON.stringify(message.params.dmmf));
    reply(message.id, null);
  }
});
