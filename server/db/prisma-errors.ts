import { Prisma } from "./generated/prisma/client";

// Prisma's documented error codes: https://www.prisma.io/docs/orm/reference/error-reference
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}
