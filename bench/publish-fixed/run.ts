// `npm run bench:publish`: the publish API's round trip with no reader connected, the product
// against the bare floor server in the same run (docs/BENCHMARKS.md, "Publishing with no reader").
//
//   npm run bench:publish
//   npm run bench:publish -- --sends 500 --database-url postgresql://postgres@127.0.0.1:5432/postgres
import os from "node:os";
import { parseArgs } from "node:util";
import { ensureBuild } from "../ensure-build";
import { measurePublishFixed } from "./measure";
import { formatFixedRows } from "./rows";

const { values: flags } = parseArgs({
  options: {
    sends: { type: "string", default: "200" },
    "warm-up": { type: "string", default: "20" },
    "database-url": { type: "string" },
  },
});

const log = (message: string) => console.error(`[bench:publish] ${message}`);

async function main(): Promise<void> {
  await ensureBuild(log);
  const rows = await measurePublishFixed({
    sends: Number(flags.sends),
    warmUp: Number(flags["warm-up"]),
    ...(flags["database-url"] ? { databaseUrl: flags["database-url"] } : {}),
    log,
  });
  console.log(`load average before/after: ${loadBefore} / ${os.loadavg().map((load) => load.toFixed(2)).join(", ")}`);
  console.log(formatFixedRows(rows));
}

const loadBefore = os.loadavg().map((load) => load.toFixed(2)).join(", ");
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
