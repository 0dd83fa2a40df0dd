import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken, type SessionCookie, type SessionTokenDecoder } from "./session-cookie";
import { createSessionTokenCache } from "./session-token-cache";

const SECRET = "a-test-secret-of-enough-length-0123456789";
const NAME = "authjs.session-token";

async function cookieFor(token: { sub: string; sid: string; sv?: number }, maxAgeSeconds = 3600, name = NAME): Promise<SessionCookie> {
  return { name, value: await encode({ token, secret: SECRET, salt: name, maxAge: maxAgeSeconds }) };
}

/** The real decryption, counted. */
function countingDecoder(): SessionTokenDecoder & { calls: number } {
  const decoder = Object.assign(
    async (cookie: SessionCookie, secret: string) => {
      decoder.calls += 1;
      return decodeSessionToken(cookie, secret);
    },
    { calls: 0 },
  );
  return decoder;
}

describe("createSessionTokenCache", () => {
  it("answers a cookie it has decrypted with the same claims, without decrypting it again", async () => {
    const decode = countingDecoder();
    const read = createSessionTokenCache({ decode });
    const cookie = await cookieFor({ sub: "user-1", sid: "session-1", sv: 2 });

    const first = await read(cookie, SECRET);
    const second = await read(cookie, SECRET);

    expect(first?.claims).toEqual({ userId: "user-1", sessionId: "session-1", sessionVersion: 2 });
    expect(second?.claims).toEqual(first?.claims);
    expect(decode.calls).toBe(1);
  });

  it("decrypts a cookie brought by many sockets at once only once", async () => {
    const decode = countingDecoder();
    const read = createSessionTokenCache({ decode });
    const cookie = await cookieFor({ sub: "user-1", sid: "session-1" });

    const answers = await Promise.all(Array.from({ length: 20 }, () => read(cookie, SECRET)));

    expect(new Set(answers.map((answer) => answer?.claims.userId))).toEqual(new Set(["user-1"]));
    expect(decode.calls).toBe(1);
  });

  it("never serves a token past its expiry, nor any answer past the cache's time to live", async () => {
    let now = Date.now();
    const decode = countingDecoder();
    const read = createSessionTokenCache({ decode, now: () => now, ttlMs: 10_000 });
    const shortLived = await cookieFor({ sub: "user-1", sid: "session-1" }, 5);
    const longLived = await cookieFor({ sub: "user-2", sid: "session-2" }, 3600);
    await read(shortLived, SECRET);
    await read(longLived, SECRET);
    const expiresAtMs = (await decodeSessionToken(shortLived, SECRET))!.expiresAtMs!;

    now = expiresAtMs - 1;
    await read(shortLived, SECRET);
    expect(decode.calls).toBe(2); // still cached

    now = expiresAtMs;
    await read(shortLived, SECRET); // expired as far as the cache knows: decrypted again
    expect(decode.calls).toBe(3);

    now += 10_000; // past the time to live of the long-lived token's answer
    await read(longLived, SECRET);
    expect(decode.calls).toBe(4);
  });

  it("does not remember a cookie that did not decode", async () => {
    const decode = countingDecoder();
    const read = createSessionTokenCache({ decode });
    const forged: SessionCookie = { name: NAME, value: (await cookieFor({ sub: "user-1", sid: "s" }, 3600, "__Secure-authjs.session-token")).value };

    await expect(read(forged, SECRET)).rejects.toThrow();
    await expect(read(forged, SECRET)).rejects.toThrow();
    expect(decode.calls).toBe(2);
  });

  it("keys by cookie name as well as value: the name is the token's salt", async () => {
    const decode = countingDecoder();
    const read = createSessionTokenCache({ decode });
    const cookie = await cookieFor({ sub: "user-1", sid: "session-1" });
    await read(cookie, SECRET);

    await expect(read({ name: "__Secure-authjs.session-token", value: cookie.value }, SECRET)).rejects.toThrow();
    expect(decode.calls).toBe(2);
  });

  it("forgets the least recently used token beyond max", async () => {
    const decode = countingDecoder();
    const read = createSessionTokenCache({ decode, max: 2 });
    const cookies = await Promise.all(["a", "b", "c"].map((id) => cookieFor({ sub: id, sid: id })));
    for (const cookie of cookies) await read(cookie, SECRET);

    await read(cookies[0]!, SECRET);
    expect(decode.calls).toBe(4);
  });
});
