import type { PrismaClient } from "./generated/prisma/client";

/** Health probe: true once the database answers `SELECT 1` within `timeoutMs`; never throws. */
export async function checkDatabase(db: PrismaClient, { timeoutMs = 2_000 }: { timeoutMs?: number } = {}): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const answered = db.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    return await Promise.race([answered, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
