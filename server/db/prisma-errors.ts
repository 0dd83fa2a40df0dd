import { Prisma } from "./generated/prisma/client";

// Prisma's documented error codes: https://www.prisma.io/docs/orm/reference/error-reference
/**
 * A unique constraint refused the write, whether a model query (P2002) or a raw query made it:
 * a raw query's failure is P2010, with the driver adapter's classification of the database's
 * error in its meta.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { kind?: unknown } } | undefined)?.cause;
  return error.code === "P2010" && cause?.kind === "UniqueConstraintViolation";
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}
