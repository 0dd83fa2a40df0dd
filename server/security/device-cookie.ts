import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * OWASP's "device cookies" (Slow Down Online Guessing Attacks with Device Cookies): a browser
 * that signed in to an account gets a cookie naming that account, signed with a key derived
 * from the auth secret. Its later sign-ins to that account count failures against the cookie,
 * not against the account, so strangers who spend the account's allowance don't lock its
 * owner out. One cookie per account a browser signed in to; it is only sent to the sign-in
 * callback, and says nothing readable about the account.
 */
const COOKIE_PREFIX = "newsflash-device-";
const SECURE_PREFIX = "__Secure-";
export const DEVICE_COOKIE_PATH = "/api/auth/callback/credentials";
const MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

export type DeviceCookies = {
  /** The device id of a valid cookie for `account` among the request's cookies, if any. */
  read(cookie: (name: string) => string | undefined, account: string): string | undefined;
  /** A `Set-Cookie` value with a fresh device cookie for `account`. */
  issue(account: string, options: { isSecure: boolean }): string;
};

/** `account` is a stable key for the normalised email (the limits' hashed key). */
export function createDeviceCookies(authSecret: string): DeviceCookies {
  const key = Buffer.from(hkdfSync("sha256", authSecret, "", "newsflash device cookie", 32));
  const sign = (text: string) => createHmac("sha256", key).update(text).digest("base64url");
  // The name is keyed too, so a cookie jar doesn't reveal which accounts (a plain hash of an
  // email can be guessed) the browser signed in to.
  const nameOf = (account: string) => `${COOKIE_PREFIX}${sign(`name\u0000${account}`).slice(0, 16)}`;

  return {
    read(cookie, account) {
      const name = nameOf(account);
      const value = cookie(`${SECURE_PREFIX}${name}`) ?? cookie(name);
      const [deviceId, signature, ...rest] = value?.split(".") ?? [];
      if (!deviceId || !signature || rest.length > 0) return undefined;
      const expected = Buffer.from(sign(`device\u0000${account}\u0000${deviceId}`));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : undefined;
    },
    issue(account, { isSecure }) {
      const deviceId = randomBytes(16).toString("base64url");
      const value = `${deviceId}.${sign(`device\u0000${account}\u0000${deviceId}`)}`;
      const name = isSecure ? `${SECURE_PREFIX}${nameOf(account)}` : nameOf(account);
      const attributes = [`Path=${DEVICE_COOKIE_PATH}`, `Max-Age=${MAX_AGE_SECONDS}`, "HttpOnly", "SameSite=Strict", ...(isSecure ? ["Secure"] : [])];
      return [`${name}=${value}`, ...attributes].join("; ");
    },
  };
}
