import { hash, verify, type Algorithm } from "@node-rs/argon2";

// argon2id with OWASP's first recommended configuration (19 MiB, 2 passes, 1 lane):
// https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
// The parameters are stored in each hash, so raising them later keeps old hashes verifiable.
// `Algorithm` is a const enum, which isolatedModules cannot inline; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh random salt. */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain, HASH_OPTIONS);
}

/** True when `plain` matches `storedHash`; false for a wrong password or a malformed hash. */
export async function verifyPassword(storedHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(storedHash, plain);
  } catch {
    // A malformed or truncated hash is "no match", never a 500 at sign-in.
    return false;
  }
}
