// Creates an embedded database's data dir (PostgreSQL's initdb, inside PGlite) and exits.
// Run as a short-lived child process by embedded-postgres.ts: initdb grows PGlite's
// WebAssembly memory to several hundred MB, which WebAssembly never gives back, so the server
// would keep it for its whole life; in a child it goes away with the process.
//
//   node server/db/create-pglite-data-dir.mjs <storage dir> [startParams...]
import { PGlite } from "@electric-sql/pglite";

const [storage, ...startParams] = process.argv.slice(2);
if (!storage) throw new Error("usage: create-pglite-data-dir.mjs <storage dir> [startParams...]");
const db = await PGlite.create({ dataDir: storage, startParams: [...PGlite.defaultStartParams, ...startParams] });
await db.close();
