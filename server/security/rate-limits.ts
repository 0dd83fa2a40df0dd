import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/** A limit: at most `points` in a window of `durationSeconds` that starts with the first one. */
export type LimitSize = { points: number; durationSeconds: number };

/**
 * Every limit the site enforces, with its production size. docs/SECURITY.md explains each;
 * `RATE_LIMIT_SIZES` overrides single sizes, `RATE_LIMITS=off` turns all of them off.
 */
export const DEFAULT_LIMIT_SIZES = {
  /** Sign-in attempts from one address, whatever the account: credential stuffing. */
  signInPerIp: { points: 100, durationSeconds: 10 * 60 },
  /** Failed sign-ins for one account from one address: password guessing. */
  signInFailuresPerAccountIp: { points: 10, durationSeconds: 15 * 60 },
  /** Failed sign-ins for one account from anywhere: guessing spread over many addresses. */
  signInFailuresPerAccount: { points: 50, durationSeconds: 60 * 60 },
  /**
   * Failed sign-ins from one browser that signed in to that account before (its device
   * cookie): the owner's own allowance, untouched by strangers' failures (sign-in-guard.ts).
   */
  signInFailuresPerDevice: { points: 10, durationSeconds: 15 * 60 },
  /** Sign-ups (valid requests, each one a password hash) from one address. */
  signUpPerIp: { points: 20, durationSeconds: 60 * 60 },
  /** Push subscriptions posted from one address: each costs a DNS lookup of a stranger's host and a row. */
  pushSubscriptionsPerIp: { points: 60, durationSeconds: 10 * 60 },
  /** Alerts one admin sends: a stolen or scripted admin account can't flood every reader. */
  alertsPerAdmin: { points: 60, durationSeconds: 60 },
  /** New Socket.IO connections from one address. */
  connectionsPerIp: { points: 300, durationSeconds: 60 },
  /** Events (subscribe, unsubscribe, anything) one connection sends. */
  socketEventsPerConnection: { points: 100, durationSeconds: 10 },
} satisfies Record<string, LimitSize>;

export type LimitName = keyof typeof DEFAULT_LIMIT_SIZES;

export type LimitDecision = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };

export type Limit = {
  /** Spends one point for `key`; refused once the window's points are spent. */
  consume(key: string): Promise<LimitDecision>;
  /** Whether `key` has points left, without spending one. */
  check(key: string): Promise<LimitDecision>;
  /** Gives back one point spent for `key` (an attempt reserved as a failure that succeeded). */
  refund(key: string): Promise<void>;
  /** Forgets `key`'s count (e.g. failures after a successful sign-in). */
  reset(key: string): Promise<void>;
};

export type RateLimits = Record<LimitName, Limit>;

export type RateLimitsOptions = {
  isEnabled: boolean;
  sizes?: Partial<Record<string, LimitSize>>;
  /**
   * A connected node-redis (v4+) client and the deployment's key prefix (REDIS_PREFIX): limits
   * are then shared by every instance. Without it they are counted in this process.
   * Per-connection limits always stay in memory.
   */
  redis?: { client: unknown; keyPrefix: string };
  logger?: Logger;
};

const PROCESS_LOCAL: ReadonlySet<LimitName> = new Set(["socketEventsPerConnection"]);

export function createRateLimits(options: RateLimitsOptions): RateLimits {
  const sizes = resolveSizes(options.sizes ?? {});
  const entries = (Object.keys(DEFAULT_LIMIT_SIZES) as LimitName[]).map((name) => {
    if (!options.isEnabled) return [name, UNLIMITED] as const;
    const size = sizes[name];
    const limiter = buildLimiter(name, size, PROCESS_LOCAL.has(name) ? undefined : options.redis);
    return [name, wrapLimiter(limiter, name, options.logger)] as const;
  });
  return Object.fromEntries(entries) as RateLimits;
}

/** A short, stable key for a value that may be long or personal (an email): its hash. */
export function hashedKey(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 32);
}

function resolveSizes(overrides: Partial<Record<string, LimitSize>>): Record<LimitName, LimitSize> {
  for (const [name, size] of Object.entries(overrides)) {
    if (!(name in DEFAULT_LIMIT_SIZES)) {
      throw new Error(`RATE_LIMIT_SIZES: unknown limit "${name}" (known: ${Object.keys(DEFAULT_LIMIT_SIZES).join(", ")})`);
    }
    if (!size || size.points < 1 || size.durationSeconds < 1) {
      throw new Error(`RATE_LIMIT_SIZES: ${name} needs at least 1 point and 1 second`);
    }
  }
  return { ...DEFAULT_LIMIT_SIZES, ...overrides } as Record<LimitName, LimitSize>;
}

function buildLimiter(name: LimitName, size: LimitSize, redis: RateLimitsOptions["redis"]): RateLimiterAbstract {
  const base = { keyPrefix: `${redis?.keyPrefix ?? "newsflash"}:limit:${name}`, points: size.points, duration: size.durationSeconds };
  if (!redis) return new RateLimiterMemory(base);
  return new RateLimiterRedis({
    ...base,
    storeClient: redis.client,
    useRedisPackage: true,
    // When Redis fails, count in this process rather than refuse everyone or let everyone through.
    insuranceLimiter: new RateLimiterMemory(base),
  });
}

function wrapLimiter(limiter: RateLimiterAbstract, name: LimitName, logger: Logger | undefined): Limit {
  const refused = (res: RateLimiterRes): LimitDecision => ({
    isAllowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return ALLOWED;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return refused(rejection);
        // A store error with no insurance left: fail open, loudly; availability over strictness.
        logger?.error({ err: rejection, limit: name }, "rate limit store failed; allowing");
        return ALLOWED;
      }
    },
    async check(key) {
      try {
        const res = await limiter.get(key);
        return res && res.consumedPoints >= limiter.points ? refused(res) : ALLOWED;
      } catch (error) {
        logger?.error({ err: error, limit: name }, "rate limit store failed; allowing");
        return ALLOWED;
      }
    },
    async refund(key) {
      try {
        await limiter.reward(key, 1);
      } catch (error) {
        logger?.error({ err: error, limit: name }, "rate limit store failed to refund a point");
      }
    },
    async reset(key) {
      try {
        await limiter.delete(key);
      } catch (error) {
        logger?.error({ err: error, limit: name }, "rate limit store failed to reset a key");
      }
    },
  };
}

const ALLOWED: LimitDecision = { isAllowed: true };

const UNLIMITED: Limit = {
  consume: async () => ALLOWED,
  check: async () => ALLOWED,
  refund: async () => undefined,
  reset: async () => undefined,
};
