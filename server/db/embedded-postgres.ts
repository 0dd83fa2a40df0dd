import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { ensurePrivateDir } from "@/server/private-dir";
import { PROJECT_ROOT } from "@/server/project-root";
import { silentLogger, type DbLogger } from "./db-logger";
import { lockDataDir } from "./data-dir-lock";
import { guardExtendedProtocolBatches } from "./pglite-sync-guard";

/**
 * Connections the socket server accepts. PGlite is one backend session; pglite-socket queues
 * queries from all connections and runs one connection's transaction at a time, so several
 * connections are safe. It must stay above Prisma's pool size plus the migration runner's one.
 */
export const EMBEDDED_MAX_CONNECTIONS = 8;

/**
 * PostgreSQL's default 128 MB of shared buffers live in PGlite's WebAssembly memory, which
 * never shrinks: the idle server's largest single cost. The embedded database is small (alerts,
 * accounts, a pruned message log) and its files sit in the OS page cache anyway, so 16 MB holds
 * its working set (docs/BENCHMARKS.md, "Memory of the embedded database").
 */
const MEMORY_SETTINGS = ["-c", "shared_buffers=16MB"];

export type EmbeddedPostgres = { connectionString: string; close: () => Promise<void> };

/**
 * PGlite (Postgres compiled to WASM) stored under `<dataDir>/pglite`, served over the
 * PostgreSQL wire protocol so the app reaches it exactly as it reaches a real PostgreSQL
 * (pg + @prisma/adapter-pg): one code path.
 *
 * It listens on a Unix socket inside the data dir, never on a TCP port: pglite-socket accepts
 * any user name and password, so the only thing keeping other local accounts out is a socket
 * they can't reach, in a directory only this account can enter (mode 0700).
 */
export async function startEmbeddedPostgres({ dataDir, logger = silentLogger }: { dataDir: string; logger?: DbLogger }): Promise<EmbeddedPostgres> {
  ensurePrivateDir(dataDir);
  const storage = path.join(dataDir, "pglite");
  ensurePrivateDir(storage);
  // PGlite has no postmaster to stop a second process opening the same files; two writers
  // would corrupt them.
  const releaseLock = lockDataDir(storage);
  const startedAt = performance.now();
  let socket: SocketPlace | undefined;
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    socket = socketPlace(dataDir);
    if (!existsSync(path.join(storage, "PG_VERSION"))) await createDataDirInChild(storage, logger);
    db = await PGlite.create({ dataDir: storage, startParams: [...PGlite.defaultStartParams, ...MEMORY_SETTINGS] });
    server = new PGLiteSocketServer({
      db: guardExtendedProtocolBatches(db),
      path: socket.file,
      maxConnections: EMBEDDED_MAX_CONNECTIONS,
    });
    await server.start();
  } catch (error) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    socket?.remove();
    releaseLock();
    throw error;
  }
  logger.info({ storage, durationMs: Math.round(performance.now() - startedAt) }, "embedded PostgreSQL (PGlite) started on a private Unix socket");

  const started = { db, server, socket };
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Sockets first (any open transaction is rolled back), then PGlite, which checkpoints
      // and flushes its files, so nothing is left half-written.
      try {
        await started.server.stop();
        await started.db.close();
      } finally {
        started.socket.remove();
        releaseLock();
      }
      logger.info({ storage }, "embedded PostgreSQL stopped");
    })();
    return closing;
  };
  // libpq's form for a socket directory: the host is the directory, percent-encoded; pg finds
  // `.s.PGSQL.5432` in it.
  return { connectionString: `postgresql://postgres@${encodeURIComponent(socket.dir)}/postgres?sslmode=disable`, close };
}

// From the project root, not this module: the compiled server (dist/server/index.mjs) runs it too.
const CREATE_DATA_DIR_SCRIPT = path.join(PROJECT_ROOT, "server/db/create-pglite-data-dir.mjs");

/**
 * initdb in a short-lived child process (create-pglite-data-dir.mjs): it takes PGlite's
 * WebAssembly memory to several hundred MB, which never shrinks, so run here a first start
 * would keep about 100 MB more for good than a later one (docs/BENCHMARKS.md, "Idle memory").
 * We hold the data-dir lock meanwhile; the child is ours and gone before PGlite opens the dir.
 */
async function createDataDirInChild(storage: string, logger: DbLogger): Promise<void> {
  const startedAt = performance.now();
  await promisify(execFile)(process.execPath, [CREATE_DATA_DIR_SCRIPT, storage, ...MEMORY_SETTINGS], { timeout: 120_000 });
  logger.info({ storage, durationMs: Math.round(performance.now() - startedAt) }, "embedded database created (initdb, in a child process)");
}

// Where pg looks for a server on the default port, in the directory given as the host.
const SOCKET_NAME = ".s.PGSQL.5432";
// A Unix socket's path must fit in sockaddr_un.sun_path (108 bytes with its NUL on Linux).
const MAX_SOCKET_PATH = 107;

type SocketPlace = { dir: string; file: string; remove: () => void };

/**
 * The socket's directory: `<dataDir>/socket`, or, when that path is too long for a Unix socket,
 * a fresh private directory under the OS temp dir (mkdtemp makes it 0700), removed on close.
 * A socket file left by a crash is removed first (the data-dir lock says nobody else uses it).
 */
function socketPlace(dataDir: string): SocketPlace {
  const inDataDir = path.join(dataDir, "socket");
  if (Buffer.byteLength(path.join(inDataDir, SOCKET_NAME)) <= MAX_SOCKET_PATH) {
    ensurePrivateDir(inDataDir);
    const file = path.join(inDataDir, SOCKET_NAME);
    rmSync(file, { force: true });
    return { dir: inDataDir, file, remove: () => rmSync(file, { force: true }) };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "newsflash-db-"));
  return { dir, file: path.join(dir, SOCKET_NAME), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
