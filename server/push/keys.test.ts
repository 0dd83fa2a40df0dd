import { describe, expect, it } from "vitest";
import { generateVapidKeys, vapidKeyProblem } from "./keys";

describe("VAPID keys", () => {
  it("always generates a valid pair with a 32-byte private key, also when the scalar starts with zero bytes", () => {
    // One scalar in 256 starts with a zero byte, which Node's getPrivateKey() leaves out: a
    // thousand pairs meet that case with near certainty (1 - (255/256)^1000 > 98%).
    for (let i = 0; i < 1_000; i++) {
      const keys = generateVapidKeys();
      expect(vapidKeyProblem(keys)).toBeNull();
    }
  });

  it("names what is wrong with a bad pair", () => {
    const keys = generateVapidKeys();
    const other = generateVapidKeys();
    expect(vapidKeyProblem({ ...keys, publicKey: other.publicKey })).toMatch(/not the public key/);
    expect(vapidKeyProblem({ ...keys, privateKey: keys.privateKey.slice(1) })).toMatch(/32-byte/);
  });
});
