import pino, { type Logger } from "pino";

/** What the database layer logs through: the app's pino logger or a child of it. */
export type DbLogger = Pick<Logger, "debug" | "info" | "warn" | "error">;

/** For callers (tests, scripts) that pass no logger. */
export const silentLogger: DbLogger = pino({ level: "silent" });
