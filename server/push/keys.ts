import { createECDH } from "node:crypto";

// VAPID keys (RFC 8292): an ECDSA P-256 key pair, as the Push API wants them, base64url: the
// public key as the 65-byte uncompressed point (what a browser's `applicationServerKey` takes),
// the private key as the 32-byte scalar (what web-push signs with). Node's crypto only, so that
// server/env.ts can validate and generate them without loading web-push.

export type VapidKeys = { publicKey: string; privateKey: string };

export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  // getPrivateKey() drops leading zero bytes: about one key in 256 would come out 31 bytes long.
  const privateKey = Buffer.alloc(32);
  const scalar = ecdh.getPrivateKey();
  scalar.copy(privateKey, 32 - scalar.length);
  return { publicKey: ecdh.getPublicKey("base64url", "uncompressed"), privateKey: privateKey.toString("base64url") };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** What is wrong with a key pair, in one sentence, or null when it is a valid pair. */
export function vapidKeyProblem(keys: VapidKeys): string | null {
  if (!BASE64URL.test(keys.publicKey) || Buffer.from(keys.publicKey, "base64url").length !== 65) {
    return "VAPID_PUBLIC_KEY must be the 65-byte uncompressed P-256 point, base64url without padding";
  }
  if (!BASE64URL.test(keys.privateKey) || Buffer.from(keys.privateKey, "base64url").length !== 32) {
    return "VAPID_PRIVATE_KEY must be the 32-byte P-256 private key, base64url without padding";
  }
  // A public key that is not the private key's would make every push service refuse the JWT.
  const ecdh = createECDH("prime256v1");
  try {
    ecdh.setPrivateKey(keys.privateKey, "base64url");
  } catch {
    return "VAPID_PRIVATE_KEY is not a valid P-256 private key";
  }
  if (ecdh.getPublicKey("base64url", "uncompressed") !== keys.publicKey) {
    return "VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY";
  }
  return null;
}
