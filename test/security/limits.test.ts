import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RealtimeErrorCode } from "@/lib/realtime/contract";
import { api, attemptSignIn, demoMember, type SignInAttempt } from "../support/http";
import { connectRefused, subscribe, waitForMarker } from "../support/socket";
import { setUpServerSuite } from "../support/suite";

// Every rate limit of docs/SECURITY.md, on a server with small limits and short windows: it
// triggers, answers as documented (429 `rate_limited` + Retry-After, or the socket contract's
// errors), and lets the same client in again once the window has passed. The server trusts
// X-Forwarded-For here, so each test speaks from addresses of its own.
const WINDOW_SECONDS = 8;
const SIGN_IN_PER_IP = 7;
const suite = setUpServerSuite({
  env: {
    TRUST_PROXY: "true",
    RATE_LIMIT_SIZES: [
      `signInPerIp=${SIGN_IN_PER_IP}/${WINDOW_SECONDS}`,
      `signInFailuresPerAccountIp=3/${WINDOW_SECONDS}`,
      `signInFailuresPerAccount=8/${WINDOW_SECONDS}`,
      `signUpPerIp=2/${WINDOW_SECONDS}`,
      `alertsPerAdmin=3/${WINDOW_SECONDS}`,
      `connectionsPerIp=3/${WINDOW_SECONDS}`,
      `socketEventsPerConnection=5/${WINDOW_SECONDS}`,
    ].join(","),
  },
});

let lastAddress = 0;
/** A fresh client address (TEST-NET-3) and the header that claims it. */
function fromNewAddress(): Record<string, string> {
  lastAddress += 1;
  return { "x-forwarded-for": `203.0.113.${lastAddress}` };
}

const waitSeconds = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 250));

function expectRateLimited(status: number, headers: Headers, body: unknown): number {
  expect(status).toBe(429);
  const retryAfter = Number(headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(body).toMatchObject({ error: { code: "rate_limited", message: expect.any(String), retryAfterSeconds: retryAfter } });
  return retryAfter;
}

function expectSignInRefused(attempt: SignInAttempt): number {
  const body: unknown = JSON.parse(attempt.body);
  expect(attempt.cookie).toBeNull();
  expect(body).toMatchObject({ url: expect.stringContaining("error=rate_limited") });
  return expectRateLimited(attempt.status, attempt.headers, body);
}

/** Auth.js's answer to wrong credentials: back to the sign-in page with an error, no session. */
function expectWrongCredentials(attempt: SignInAttempt): void {
  expect(attempt.status).toBe(302);
  expect(attempt.location).toContain("error=CredentialsSignin");
  expect(attempt.cookie).toBeNull();
}

async function createAccount(headers: Record<string, string>): Promise<{ email: string; password: string }> {
  const account = { email: `limits-${randomUUID()}@example.com`, password: "correct horse battery", name: "Limits" };
  const created = await api(suite.url, "/api/signup", { method: "POST", body: account, headers });
  expect(created.status).toBe(201);
  return account;
}

describe("sign-in limits", () => {
  it("refuses the address that spent its attempts with 429 and Retry-After, not other addresses, and recovers", async () => {
    const address = fromNewAddress();
    const failures = await Promise.all(
      Array.from({ length: SIGN_IN_PER_IP }, () => attemptSignIn(suite.url, `nobody-${randomUUID()}@example.com`, "wrong password", { headers: address })),
    );
    failures.forEach(expectWrongCredentials);
    const refused = await attemptSignIn(suite.url, demoMember.email, demoMember.password, { headers: address });
    const retryAfter = expectSignInRefused(refused);

    const elsewhere = await attemptSignIn(suite.url, demoMember.email, demoMember.password, { headers: fromNewAddress() });
    expect(elsewhere.cookie).not.toBeNull();

    await waitSeconds(retryAfter);
    expect((await attemptSignIn(suite.url, demoMember.email, demoMember.password, { headers: address })).cookie).not.toBeNull();
  });

  it("after 3 failures for one account from one address, even the right password waits there; elsewhere it works", async () => {
    const account = await createAccount(fromNewAddress());
    const address = fromNewAddress();
    for (let i = 0; i < 3; i++) expectWrongCredentials(await attemptSignIn(suite.url, account.email, "not it at all", { headers: address }));
    const retryAfter = expectSignInRefused(await attemptSignIn(suite.url, account.email, account.password, { headers: address }));

    expect((await attemptSignIn(suite.url, account.email, account.password, { headers: fromNewAddress() })).cookie).not.toBeNull();
    await waitSeconds(retryAfter);
    expect((await attemptSignIn(suite.url, account.email, account.password, { headers: address })).cookie).not.toBeNull();
  });

  it("a successful sign-in clears that address's failures for the account", async () => {
    const account = await createAccount(fromNewAddress());
    const address = fromNewAddress();
    for (let i = 0; i < 2; i++) expectWrongCredentials(await attemptSignIn(suite.url, account.email, "wrong", { headers: address }));
    expect((await attemptSignIn(suite.url, account.email, account.password, { headers: address })).cookie).not.toBeNull();
    // Three more failures are allowed again; only then is the address refused.
    for (let i = 0; i < 3; i++) expectWrongCredentials(await attemptSignIn(suite.url, account.email, "wrong", { headers: address }));
    expectSignInRefused(await attemptSignIn(suite.url, account.email, account.password, { headers: address }));
  });

  it("failures spread over many addresses stop at the account's limit, answered alike for unknown and existing emails", async () => {
    const existing = await createAccount(fromNewAddress());
    const unknownEmail = `ghost-${randomUUID()}@example.com`;
    // Concurrently, so the window can't pass on a slow machine before the ninth attempt.
    const eightFrom = (email: string) => Promise.all(Array.from({ length: 8 }, (_, i) => attemptSignIn(suite.url, email, `guess ${i}`, { headers: fromNewAddress() })));
    const answers = { existing: await eightFrom(existing.email), unknown: await eightFrom(unknownEmail) };
    answers.existing.push(await attemptSignIn(suite.url, existing.email, "guess 9", { headers: fromNewAddress() }));
    answers.unknown.push(await attemptSignIn(suite.url, unknownEmail, "guess 9", { headers: fromNewAddress() }));
    for (const attempts of Object.values(answers)) {
      for (const attempt of attempts.slice(0, 8)) expectWrongCredentials(attempt);
      expectSignInRefused(attempts[8] as SignInAttempt);
    }
    // Nothing in the answers tells the two apart: same statuses, same redirect, same refusal.
    const shape = (attempt: SignInAttempt) => ({ status: attempt.status, location: attempt.location, body: attempt.body.replace(/\d+/g, "N") });
    expect(answers.existing.map(shape)).toEqual(answers.unknown.map(shape));
  });
});

describe("sign-up limit", () => {
  it("counts valid sign-ups per address: the third is refused with 429, creates nothing, and the address recovers", async () => {
    const address = fromNewAddress();
    // Invalid requests cost nothing and are not counted.
    for (let i = 0; i < 3; i++) {
      const invalid = await api(suite.url, "/api/signup", { method: "POST", body: { email: "nope", password: "x", name: "" }, headers: address });
      expect(invalid.status).toBe(400);
    }
    await createAccount(address);
    await createAccount(address);
    const third = { email: `limits-${randomUUID()}@example.com`, password: "correct horse battery", name: "Third" };
    const refused = await api(suite.url, "/api/signup", { method: "POST", body: third, headers: address });
    const retryAfter = expectRateLimited(refused.status, refused.headers, refused.body);
    expect((await attemptSignIn(suite.url, third.email, third.password, { headers: fromNewAddress() })).cookie).toBeNull();

    await createAccount(fromNewAddress());
    await waitSeconds(retryAfter);
    expect((await api(suite.url, "/api/signup", { method: "POST", body: third, headers: address })).status).toBe(201);
  });
});

describe("alert publishing limit", () => {
  it("an admin's fourth alert in the window is refused with 429: not stored, not delivered; later ones go out", async () => {
    const listener = await suite.socketFor(undefined, { headers: fromNewAddress() });
    const channel = { name: `limits-${randomUUID().slice(0, 8)}` };
    expect((await subscribe(listener, channel)).ok).toBe(true);
    const send = (text: string) =>
      api(suite.url, "/api/alerts", { method: "POST", cookie: suite.adminCookie, body: { text, color: "#123456", channels: [channel] } });

    for (let i = 0; i < 3; i++) expect((await send(`allowed ${i}`)).status).toBe(201);
    const refused = await send("refused");
    const retryAfter = expectRateLimited(refused.status, refused.headers, refused.body);

    await waitSeconds(retryAfter);
    expect((await send("after the window")).status).toBe(201);
    const received = await waitForMarker(listener, "after the window");
    expect(received.map((message) => (message.payload as { text: string }).text)).toEqual(["allowed 0", "allowed 1", "allowed 2", "after the window"]);
    const archive = await api<{ text: string }[]>(suite.url, "/api/alerts?limit=100", { cookie: suite.adminCookie });
    expect(archive.body.map((alert) => alert.text)).not.toContain("refused");
  });
});

describe("socket limits", () => {
  it("refuses the fourth new connection from one address with connect_error (errorCode 1, retryAfterSeconds), and recovers", async () => {
    const address = fromNewAddress();
    for (let i = 0; i < 3; i++) await suite.socketFor(undefined, { headers: address });
    const refusal = await connectRefused(suite.url, undefined, { headers: address });
    expect(refusal.message).toMatch(/too many connections/i);
    expect(refusal.data).toMatchObject({ errorCode: RealtimeErrorCode.connection, retryAfterSeconds: expect.any(Number) });

    await suite.socketFor(undefined, { headers: fromNewAddress() });
    await waitSeconds(refusal.data.retryAfterSeconds ?? WINDOW_SECONDS);
    const again = await suite.socketFor(undefined, { headers: address });
    expect(again.connected).toBe(true);
  });

  it("answers a subscribe flood with errorCode 3, then drops the connection; a new connection works", async () => {
    const address = fromNewAddress();
    const socket = await suite.socketFor(undefined, { headers: address });
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const channel = { name: "visitors" };
    const replies = await Promise.all(Array.from({ length: 6 }, () => subscribe(socket, channel)));
    expect(replies.slice(0, 5).every((reply) => reply.ok)).toBe(true);
    expect(replies[5]).toEqual({ ok: false, error: { errorCode: RealtimeErrorCode.badInput, message: expect.stringMatching(/too many requests/i) } });
    await disconnected;
    expect(socket.connected).toBe(false);

    const fresh = await suite.socketFor(undefined, { headers: address });
    expect((await subscribe(fresh, channel)).ok).toBe(true);
  });

  it("floods of unknown events count too", async () => {
    const socket = await suite.socketFor(undefined, { headers: fromNewAddress() });
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    for (let i = 0; i < 10; i++) (socket as unknown as { emit: (event: string) => void }).emit(`made-up-${i}`);
    await disconnected;
  });
});

describe("input size limits", () => {
  it("refuses a JSON body over 16 KB with 413 payload_too_large, declared or streamed, and stores nothing", async () => {
    const text = "x".repeat(17 * 1024);
    const declared = await api(suite.url, "/api/alerts", {
      method: "POST",
      cookie: suite.adminCookie,
      body: { text, color: "#123456", channels: [{ name: "visitors" }] },
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ error: { code: "payload_too_large", limit: 16 * 1024 } });

    // Without Content-Length (chunked), the cap applies while reading.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const streamed = await fetch(new URL("/api/signup", suite.url), {
      method: "POST",
      headers: { "content-type": "application/json", ...fromNewAddress() },
      body,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: "payload_too_large" } });

    const health = await api(suite.url, "/api/health");
    expect(health.status).toBe(200);
  });

  it("caps sign-in form bodies the same way", async () => {
    const attempt = await attemptSignIn(suite.url, demoMember.email, "p".repeat(20 * 1024), { headers: fromNewAddress() });
    expect(attempt.status).toBe(413);
    expect(JSON.parse(attempt.body)).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("closes a socket that sends a packet over 16 KB; other sockets carry on", async () => {
    const bystander = await suite.socketFor(undefined, { headers: fromNewAddress() });
    const socket = await suite.socketFor(undefined, { headers: fromNewAddress() });
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    socket.emit("subscribe", { channel: { name: "x".repeat(20 * 1024) } }, () => undefined);
    expect(await disconnected).toBe("transport close");
    expect((await subscribe(bystander, { name: "visitors" })).ok).toBe(true);
  });
});
