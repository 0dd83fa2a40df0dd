import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSessionOpen, revokeSession, revokeUserSessions, SESSION_MAX_AGE_SECONDS } from "@/server/auth/session-revocation";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { openDatabase, type Database } from "@/server/db/open-database";
import { makeTempDir, removeTempDir } from "./support/temp-dir";

// The server-side record that ends a JWT session (docs/SECURITY.md); the HTTP and socket
// behaviour is in test/api/identity.test.ts.
describe("session revocation", () => {
  let dataDir: string;
  let database: Database;
  let db: PrismaClient;

  beforeAll(async () => {
    dataDir = makeTempDir("revocation");
    database = await openDatabase({ dataDir, seedDemoUsers: false });
    db = database.db;
  });
  afterAll(async () => {
    await database.close();
    removeTempDir(dataDir);
  });

  let users = 0;
  const newUser = async () => db.user.create({ data: { email: `revoke-${++users}@example.com`, name: "R", passwordHash: "x" } });

  it("refuses a signed-out session and only that one, and a token without a session id", async () => {
    const user = await newUser();
    const session = (sessionId: string | undefined) => ({ userId: user.id, sessionId, sessionVersion: 0 });
    expect(await isSessionOpen(db, session("a"))).toBe(true);
    await revokeSession(db, { userId: user.id, sessionId: "a" });
    await revokeSession(db, { userId: user.id, sessionId: "a" }); // signing out twice is harmless
    expect(await isSessionOpen(db, session("a"))).toBe(false);
    expect(await isSessionOpen(db, session("b"))).toBe(true);
    expect(await isSessionOpen(db, session(undefined))).toBe(false);
    expect(await isSessionOpen(db, { userId: "no-such-user", sessionId: "c", sessionVersion: 0 })).toBe(false);
  });

  it("ends every session of a user whose sessions are revoked, and not later ones", async () => {
    const user = await newUser();
    const other = await newUser();
    await db.$transaction((tx) => revokeUserSessions(tx, user.id));
    expect(await isSessionOpen(db, { userId: user.id, sessionId: "x", sessionVersion: 0 })).toBe(false);
    expect(await isSessionOpen(db, { userId: user.id, sessionId: "y", sessionVersion: 1 })).toBe(true);
    expect(await isSessionOpen(db, { userId: other.id, sessionId: "z", sessionVersion: 0 })).toBe(true);
  });

  it("forgets records once no token they match can still be alive", async () => {
    const user = await newUser();
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
    const maxAgeDays = SESSION_MAX_AGE_SECONDS / (24 * 60 * 60);
    await db.revokedSession.createMany({
      data: [
        { sessionId: "long-gone", userId: user.id, revokedAt: daysAgo(maxAgeDays + 2) },
        { sessionId: "recent", userId: user.id, revokedAt: daysAgo(maxAgeDays - 1) },
      ],
    });
    await revokeSession(db, { userId: user.id, sessionId: "now" });
    const left = await db.revokedSession.findMany({ where: { userId: user.id }, select: { sessionId: true } });
    expect(left.map((record) => record.sessionId).sort()).toEqual(["now", "recent"]);
  });
});
