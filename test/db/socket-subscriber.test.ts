import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeSession } from "@/server/auth/session-revocation";
import { createSocketSubscriberResolver } from "@/server/auth/socket-subscriber";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { openDatabase, type Database } from "@/server/db/open-database";
import { makeTempDir, removeTempDir } from "./support/temp-dir";

const SECRET = "a-test-secret-of-at-least-thirty-two-characters";
const COOKIE_NAME = "authjs.session-token";

// The socket server's resolver against a real database, with real Auth.js tokens. Sign-out and
// role changes over real sockets are in test/api/identity.test.ts; this is what those can't
// reach: re-identification once the socket server has dropped the cookie, and a token that
// expires while its socket is open.
describe("socket subscriber resolver", () => {
  let dataDir: string;
  let database: Database;
  let db: PrismaClient;
  /** Set: the resolver's clock (real time otherwise). */
  let clock: number | undefined;
  let resolve: ReturnType<typeof createSocketSubscriberResolver>;

  beforeAll(async () => {
    dataDir = makeTempDir("socket-subscriber");
    database = await openDatabase({ dataDir, seedDemoUsers: false });
    db = database.db;
    resolve = createSocketSubscriberResolver({ db, secret: SECRET, now: () => clock ?? Date.now() });
  });
  afterAll(async () => {
    await database.close();
    removeTempDir(dataDir);
  });

  let users = 0;
  async function memberWithCookie(sessionId: string, maxAgeSeconds = 3600) {
    const user = await db.user.create({ data: { email: `socket-${++users}@example.com`, name: "S", passwordHash: "x" } });
    const token = await encode({ token: { sub: user.id, sid: sessionId, sv: 0 }, secret: SECRET, salt: COOKIE_NAME, maxAge: maxAgeSeconds });
    return { user, cookie: `theme=dark; ${COOKIE_NAME}=${token}` };
  }

  // The socket server empties the handshake's Cookie header once the socket has connected.
  const connected = (handshake: { headers: { cookie?: string } }) => (handshake.headers.cookie = undefined);

  it("re-identifies from what the cookie decoded to: still the member, then a visitor once the session is signed out", async () => {
    const { user, cookie } = await memberWithCookie("s-2");
    const handshake = { headers: { cookie } as { cookie?: string } };
    expect(await resolve(handshake)).toEqual({ type: "Member", id: user.id, sessionId: "s-2" });
    connected(handshake);

    expect(await resolve(handshake)).toEqual({ type: "Member", id: user.id, sessionId: "s-2" });
    await revokeSession(db, { userId: user.id, sessionId: "s-2" });
    expect(await resolve(handshake)).toMatchObject({ type: "Visitor" });
  });

  it("re-identifies as a visitor once the token has expired, as decoding the cookie again would", async () => {
    const { cookie } = await memberWithCookie("s-3", 60);
    const handshake = { headers: { cookie } as { cookie?: string } };
    expect(await resolve(handshake)).toMatchObject({ type: "Member" });
    connected(handshake);

    clock = Date.now() + 61_000;
    try {
      expect(await resolve(handshake)).toMatchObject({ type: "Visitor" });
    } finally {
      clock = undefined;
    }
  });

  it("gives a handshake without a session cookie a visitor, with a new id each time", async () => {
    const handshake = { headers: { cookie: "theme=dark" } };
    const first = await resolve(handshake);
    const second = await resolve(handshake);
    expect(first).toMatchObject({ type: "Visitor" });
    expect(second).toMatchObject({ type: "Visitor" });
    expect(second.id).not.toBe(first.id);
  });
});
