import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The one place that reads process.env (docs/ARCHITECTURE.md). Parsed lazily and cached, so
// that the custom server and Next's bundle (two copies of this module) read the same values.

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const rateLimitSizesSchema = z
  .string()
  .regex(/^\s*[A-Za-z]+=\d+\/\d+(\s*,\s*[A-Za-z]+=\d+\/\d+)*\s*$/, "write name=points/seconds, comma separated")
  .transform((value) =>
    Object.fromEntries(
      value.split(",").map((entry) => {
        const [name = "", size = ""] = entry.trim().split("=");
        const [points, durationSeconds] = size.split("/").map(Number);
        return [name, { points: points ?? 0, durationSeconds: durationSeconds ?? 0 }];
      }),
    ) as Record<string, { points: number; durationSeconds: number }>,
  );

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  // How far back a reconnecting page is sent what it missed; the message log keeps no more.
  REPLAY_WINDOW_HOURS: z.coerce.number().positive().max(24 * 365).default(24),
  // Diagnostics: log memory and event-loop delay this often (server/runtime-stats.ts); 0 = off.
  STATS_LOG_INTERVAL_MS: z.coerce.number().int().min(0).default(0),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  // Namespaces this deployment's stream, channels and keys in a Redis shared with others.
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "REDIS_PREFIX: 1 to 64 of A-Z a-z 0-9 _ . : -").default("newsflash"),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  SEED_DEMO_USERS: booleanString.default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // `off` disables every rate limit (benchmarks and soak runs on loopback); see docs/SECURITY.md.
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  // Overrides of single limits, "name=points/seconds,..." (tests, unusual deployments).
  RATE_LIMIT_SIZES: rateLimitSizesSchema.optional(),
  // Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry.
  TRUST_PROXY: booleanString.default(false),
  // Open Socket.IO connections per client address and per sign-in, on each instance; 0 = no cap.
  MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(0).default(200),
  MAX_SOCKETS_PER_SESSION: z.coerce.number().int().min(0).default(20),
});

export type Env = Omit<z.infer<typeof envSchema>, "AUTH_SECRET"> & {
  AUTH_SECRET: string;
  dataDir: string;
  isDev: boolean;
};

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(emptyToUndefined(process.env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  if (parsed.data.REDIS_URL && !parsed.data.AUTH_SECRET) {
    // Each instance would generate its own secret, and a session cookie made by one would be
    // nobody on the others: users signed out at random by the load balancer.
    throw new Error("Invalid environment:\n  AUTH_SECRET: required with REDIS_URL (several instances), and the same on every instance");
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  const secret = parsed.data.AUTH_SECRET ?? readOrCreateAuthSecret(dataDir);
  // Auth.js reads AUTH_SECRET itself in places (e.g. its route handlers' defaults); keep
  // the generated one visible to it in this process.
  process.env.AUTH_SECRET = secret;
  cached = { ...parsed.data, AUTH_SECRET: secret, dataDir, isDev: parsed.data.NODE_ENV === "development" };
  return cached;
}

function emptyToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).map(([key, value]) => [key, value === "" ? undefined : value]));
}

/** A generated secret lives in the data dir so sessions survive restarts on the same data. */
function readOrCreateAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  // "wx" fails if another process created it first; then use theirs.
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return readFileSync(file, "utf8").trim();
  }
}
