import { describe, expect, it } from "vitest";
import { createDeviceCookies } from "./device-cookie";

const SECRET = "a".repeat(48);

/** The cookie a browser would send back for a `Set-Cookie` value. */
function jarOf(...setCookies: string[]): (name: string) => string | undefined {
  const jar = new Map(setCookies.map((setCookie) => setCookie.split(";")[0]!.split("=") as [string, string]));
  return (name) => jar.get(name);
}

describe("device cookies", () => {
  const cookies = createDeviceCookies(SECRET);

  it("are recognised for the account they were issued for, and only for it", () => {
    const jar = jarOf(cookies.issue("account-a", { isSecure: false }));
    expect(cookies.read(jar, "account-a")).toEqual(expect.any(String));
    expect(cookies.read(jar, "account-b")).toBeUndefined();
  });

  it("give each sign-in its own device id", () => {
    const first = cookies.read(jarOf(cookies.issue("a", { isSecure: false })), "a");
    const second = cookies.read(jarOf(cookies.issue("a", { isSecure: false })), "a");
    expect(first).not.toBe(second);
  });

  it("refuse a changed value, a forged signature and another secret's cookie", () => {
    const setCookie = cookies.issue("a", { isSecure: false });
    const [name, value] = setCookie.split(";")[0]!.split("=") as [string, string];
    const [deviceId, signature] = value.split(".") as [string, string];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    for (const forged of [`x${deviceId}.${signature}`, `${deviceId}.${flipped}`, `${deviceId}.`, deviceId, `${value}.extra`, ""]) {
      expect(cookies.read((asked) => (asked === name ? forged : undefined), "a"), forged).toBeUndefined();
    }
    expect(createDeviceCookies("b".repeat(48)).read(jarOf(setCookie), "a")).toBeUndefined();
  });

  it("are HttpOnly, SameSite=Strict, sent only to the sign-in callback, and Secure (__Secure-) behind https", () => {
    const plain = cookies.issue("a", { isSecure: false });
    expect(plain).toMatch(/^newsflash-device-[\w-]{16}=/);
    expect(plain).toContain("; HttpOnly; SameSite=Strict");
    expect(plain).toContain("; Path=/api/auth/callback/credentials;");
    expect(plain).not.toContain("Secure;");
    const secure = cookies.issue("a", { isSecure: true });
    expect(secure).toMatch(/^__Secure-newsflash-device-/);
    expect(secure).toMatch(/; Secure$/);
    expect(cookies.read(jarOf(secure), "a")).toEqual(expect.any(String));
    // The name doesn't tell which account it is for.
    expect(plain.split("=")[0]).not.toContain("a@example.com");
  });
});
