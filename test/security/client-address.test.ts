import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attemptSignIn } from "../support/http";
import { addressesFrom, expectSignInRefused, expectWrongCredentials } from "../support/limits";
import { setUpServerSuite } from "../support/suite";

// Without TRUST_PROXY (the default), X-Forwarded-For is anyone's to write, so per-address limits
// count against the TCP peer and ignore it: a client can't buy a fresh budget per request.
// (With TRUST_PROXY=true, test/security/limits.test.ts speaks from addresses of its own through
// the header; test/scale/nginx-proxy.test.ts shows the shipped proxy's.)
const suite = setUpServerSuite({ env: { RATE_LIMIT_SIZES: "signInPerIp=4/600,connectionsPerIp=2/600" } });
const claimAnotherAddress = addressesFrom("203.0.113");

describe("X-Forwarded-For without TRUST_PROXY", () => {
  it("is ignored by the sign-in limit: every claimed address spends the one real address's budget", async () => {
    // The suite's admin sign-in spent one of the four.
    for (let i = 0; i < 3; i++) {
      expectWrongCredentials(await attemptSignIn(suite.url, `nobody-${randomUUID()}@example.com`, "wrong password", { headers: claimAnotherAddress() }));
    }
    expectSignInRefused(await attemptSignIn(suite.url, `nobody-${randomUUID()}@example.com`, "wrong password", { headers: claimAnotherAddress() }), 600);
  });

  it("is ignored by the connection limit", async () => {
    await suite.socketFor(undefined, { headers: claimAnotherAddress() });
    await suite.socketFor(undefined, { headers: claimAnotherAddress() });
    await expect(suite.socketFor(undefined, { headers: claimAnotherAddress() })).rejects.toThrow(/too many connections/i);
  });
});
