import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

/**
 * The process's Prisma client over node-postgres (Prisma 7: driver adapter, no Rust engine).
 * `maxConnections` sizes pg's pool; against embedded PGlite it must stay below the socket
 * server's connection limit (EMBEDDED_MAX_CONNECTIONS).
 */
export function createPrismaClient(connectionString: string, { maxConnections }: { maxConnections: number }): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: maxConnections });
  return new PrismaClient({ adapter });
}
