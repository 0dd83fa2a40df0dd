import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { api, attemptSignIn, type SignInAttempt } from "../support/http";
import { addressesFrom, createAccount, expectSignInRefused, expectWrongCredentials } from "../support/limits";
import { setUpServerSuite } from "../support/suite";

// How the sign-in limits can't be dodged, and can't be turned against an account's owner
// (issue 14, finding 1; docs/SECURITY.md). Windows are long enough never to pass during a test,
// so nothing here depends on timing; each test has accounts and addresses of its own.
const WINDOW_SECONDS = 600;
const suite = setUpServerSuite({
  env: {
    TRUST_PROXY: "true",
    RATE_LIMIT_SIZES: [
      `signInPerIp=20/${WINDOW_SECONDS}`,
      `signInFailuresPerAccountIp=3/${WINDOW_SECONDS}`,
      `signInFailuresPerAccount=8/${WINDOW_SECONDS}`,
      `signInFailuresPerDevice=3/${WINDOW_SECONDS}`,
    ].join(","),
  },
});

const fromNewAddress = addressesFrom("198.51.100"); // TEST-NET-2
const refused = (attempt: SignInAttempt) => expectSignInRefused(attempt, WINDOW_SECONDS);

/** A body of one's own for the credentials callback, with the session's CSRF token. */
const formBody = (fields: [string, string][]) => (csrfToken: string) => ({
  contentType: "application/x-www-form-urlencoded",
  text: new URLSearchParams([["csrfToken", csrfToken], ...fields]).toString(),
});

describe("the email the limits count is the one Auth.js checks", () => {
  it("refuses a form with two emails (decoy first, target last) with 400, before any password is checked", async () => {
    const account = await createAccount(suite.url, fromNewAddress());
    const address = fromNewAddress();
    for (let i = 0; i < 5; i++) {
      const decoy = `decoy-${randomUUID()}@example.com`;
      const attempt = await attemptSignIn(suite.url, "", "", {
        headers: address,
        body: formBody([["email", decoy], ["email", account.email], ["password", `guess ${i}`]]),
      });
      expect(attempt.status).toBe(400);
      expect(JSON.parse(attempt.body)).toMatchObject({ error: { code: "invalid_input", fields: { email: expect.any(String) } } });
      expect(attempt.cookie).toBeNull();
    }
    // Nothing was counted, and nothing was let through: the right password works there.
    expect((await attemptSignIn(suite.url, account.email, account.password, { headers: address })).cookie).not.toBeNull();
  });

  it("counts a JSON body's failures against its email, as Auth.js reads JSON too", async () => {
    const account = await createAccount(suite.url, fromNewAddress());
    const address = fromNewAddress();
    const json = (password: string) => (csrfToken: string) => ({
      contentType: "application/json",
      text: JSON.stringify({ csrfToken, email: account.email, password }),
    });
    for (let i = 0; i < 3; i++) expectWrongCredentials(await attemptSignIn(suite.url, "", "", { headers: address, body: json(`guess ${i}`) }));
    refused(await attemptSignIn(suite.url, account.email, account.password, { headers: address }));
    refused(await attemptSignIn(suite.url, "", "", { headers: address, body: json(account.password) }));
  });
});

describe("concurrent guesses", () => {
  it("are each counted before any password is verified: exactly the allowance gets an answer", async () => {
    const account = await createAccount(suite.url, fromNewAddress());
    const address = fromNewAddress();
    const attempts = await Promise.all(Array.from({ length: 8 }, (_, i) => attemptSignIn(suite.url, account.email, `guess ${i}`, { headers: address })));
    const answered = attempts.filter((attempt) => attempt.status === 302);
    const limited = attempts.filter((attempt) => attempt.status === 429);
    expect(answered).toHaveLength(3);
    answered.forEach(expectWrongCredentials);
    expect(limited).toHaveLength(5);
    limited.forEach(refused);
  });
});

describe("device cookies", () => {
  it("let a browser that signed in before keep its own allowance while strangers have spent the account's", async () => {
    const account = await createAccount(suite.url, fromNewAddress());
    const first = await attemptSignIn(suite.url, account.email, account.password, { headers: fromNewAddress() });
    expect(first.cookie).not.toBeNull();
    const device = first.deviceCookie;
    expect(device).not.toBeNull();

    // Strangers spend the account's allowance for failures, each from an address of its own.
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => attemptSignIn(suite.url, account.email, `guess ${i}`, { headers: fromNewAddress() })));
    guesses.forEach(expectWrongCredentials);
    refused(await attemptSignIn(suite.url, account.email, account.password, { headers: fromNewAddress() }));

    // The owner's browser, from wherever it is now, still signs in, and gets a fresh cookie.
    const owner = await attemptSignIn(suite.url, account.email, account.password, { headers: fromNewAddress(), cookie: device! });
    expect(owner.cookie).not.toBeNull();
    expect(owner.deviceCookie).not.toBeNull();
    expect(owner.deviceCookie).not.toBe(device);

    // A cookie that was changed, or made for another account, is no device cookie.
    const [name, value] = device!.split("=") as [string, string];
    const tampered = `${name}=${value.slice(1)}`;
    refused(await attemptSignIn(suite.url, account.email, account.password, { headers: fromNewAddress(), cookie: tampered }));
    const other = await createAccount(suite.url, fromNewAddress());
    const otherDevice = (await attemptSignIn(suite.url, other.email, other.password, { headers: fromNewAddress() })).deviceCookie!;
    const renamed = `${name}=${otherDevice.split("=")[1]}`;
    refused(await attemptSignIn(suite.url, account.email, account.password, { headers: fromNewAddress(), cookie: renamed }));
  });

  it("have an allowance of their own: once it is spent, that browser waits like a stranger", async () => {
    const account = await createAccount(suite.url, fromNewAddress());
    const device = (await attemptSignIn(suite.url, account.email, account.password, { headers: fromNewAddress() })).deviceCookie!;
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => attemptSignIn(suite.url, account.email, `guess ${i}`, { headers: fromNewAddress() })));
    guesses.forEach(expectWrongCredentials);

    for (let i = 0; i < 3; i++) expectWrongCredentials(await attemptSignIn(suite.url, account.email, `typo ${i}`, { headers: fromNewAddress(), cookie: device }));
    refused(await attemptSignIn(suite.url, account.email, account.password, { headers: fromNewAddress(), cookie: device }));
  });

  it("are only given to a browser that signed in", async () => {
    const account = await createAccount(suite.url, fromNewAddress());
    const failed = await attemptSignIn(suite.url, account.email, "wrong", { headers: fromNewAddress() });
    expectWrongCredentials(failed);
    expect(failed.deviceCookie).toBeNull();
    const session = await api(suite.url, "/api/auth/session", { cookie: (await attemptSignIn(suite.url, account.email, account.password, { headers: fromNewAddress() })).cookie! });
    expect(session.body.user.email).toBe(account.email);
  });
});
