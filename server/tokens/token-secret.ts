import { createHash, randomBytes } from "node:crypto";

// A publishing token's secret: "nf_" and 32 random bytes in base64url (256 bits). The prefix
// lets people and secret scanners recognise a leaked one.
const PREFIX = "nf_";
const SHAPE = /^nf_[A-Za-z0-9_-]{43}$/;

export function newTokenSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** Whether `value` could be a secret at all: anything else is refused without a lookup. */
export function isTokenSecretShaped(value: string): boolean {
  return SHAPE.test(value);
}

/**
 * What the database keeps instead of the secret: its SHA-256 (hex). A slow password KDF
 * (argon2) protects low-entropy secrets people choose; against 256 random bits a fast hash is
 * already out of reach of any guessing, and lets a request find its token by one indexed
 * lookup of the hash. That lookup is also why no timing comparison is needed: an attacker
 * can't steer the hash of what they send toward a stored one (docs/API.md).
 */
export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
