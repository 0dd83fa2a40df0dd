import pLimit from "p-limit";
import type { Logger } from "pino";
import type { PrismaClient } from "@/server/db/generated/prisma/client";
import { claimDeliveries, settleDeliveries, type ClaimedDelivery, type Settlement } from "./deliveries";
import { expandNextPush, removeFinishedPushes } from "./expand";
import { isWorthPushing, pushTopic, pushTtlSeconds, toPushMessage } from "./push-message";
import type { SendPush } from "./send";

export type PushWorkerOptions = {
  db: PrismaClient;
  send: SendPush;
  logger: Logger;
  /** Pushes in flight at once. */
  concurrency: number;
  /** How often to look for work when not nudged: pushes committed by other instances, retries that came due. */
  pollIntervalMs: number;
  /** How long a claimed delivery is this worker's alone; longer than a send can take. */
  leaseMs?: number;
  now?: () => Date;
};

export type PushWorker = { nudge: () => void; close: () => Promise<void> };

const DEFAULT_LEASE_MS = 60_000;
const MAX_ATTEMPTS = 10;
const BACKOFF = { baseMs: 1_000, maxMs: 5 * 60_000 };
/** Expansions per round, so that a burst of alerts does not hold back deliveries already due. */
const EXPANSIONS_PER_ROUND = 20;
const CLEANUP_EVERY_MS = 60_000;
const KEEP_FINISHED_MS = 60 * 60_000;

/**
 * Sends what the outbox holds (docs/PUSH.md): expands pending alert changes into deliveries,
 * claims due deliveries, sends them with bounded concurrency, and writes back what happened.
 * Runs until closed; wakes at once when nudged (after a local commit), else every poll.
 */
export function startPushWorker(options: PushWorkerOptions): PushWorker {
  const { db, send, logger, concurrency, pollIntervalMs, leaseMs = DEFAULT_LEASE_MS, now = () => new Date() } = options;
  const limit = pLimit(concurrency);
  let isClosed = false;
  let isNudged = false;
  let wake: (() => void) | undefined;
  let lastCleanup = 0;

  /** One round; true when there may be more to do right away. */
  async function runRound(): Promise<boolean> {
    let expanded = 0;
    while (expanded < EXPANSIONS_PER_ROUND && !isClosed && (await expandNextPush(db, now()))) expanded += 1;
    const claimed = isClosed ? [] : await claimDeliveries(db, { now: now(), leaseMs, limit: concurrency * 4 });
    if (claimed.length > 0) await settleDeliveries(db, await sendAll(claimed));
    if (Date.now() - lastCleanup > CLEANUP_EVERY_MS) {
      lastCleanup = Date.now();
      await removeFinishedPushes(db, new Date(now().getTime() - KEEP_FINISHED_MS));
    }
    return expanded === EXPANSIONS_PER_ROUND || claimed.length === concurrency * 4;
  }

  async function sendAll(claimed: ClaimedDelivery[]): Promise<Settlement> {
    const settlement: Settlement = { finished: [], removedSubscriptions: [], retries: [] };
    await Promise.all(claimed.map((delivery) => limit(() => sendOne(delivery, settlement))));
    return settlement;
  }

  async function sendOne(delivery: ClaimedDelivery, settlement: Settlement): Promise<void> {
    const { id, alert, change, target } = delivery;
    const at = now();
    // Checked again at send time: the alert may have expired, been retracted or corrected since.
    if (!isWorthPushing(change, alert, at)) {
      settlement.finished.push(id);
      return;
    }
    const result = await send(target, toPushMessage(alert, change.kind), { ttlSeconds: pushTtlSeconds(change, alert, at), topic: pushTopic(alert.id) });
    const context = { alertId: alert.id, kind: change.kind, subscriptionId: delivery.subscriptionId, attempt: delivery.attempts };
    switch (result.outcome) {
      case "delivered":
        logger.debug({ ...context, status: result.status }, "push delivered");
        settlement.finished.push(id);
        return;
      case "gone":
        logger.info({ ...context, status: result.status }, "push subscription gone; removed");
        settlement.removedSubscriptions.push(delivery.subscriptionId);
        return;
      case "refused":
        logger.warn({ ...context, reason: result.reason }, "push endpoint no longer public; removed");
        settlement.removedSubscriptions.push(delivery.subscriptionId);
        return;
      case "failed":
        logger.warn({ ...context, reason: result.reason }, "push failed; not retried");
        settlement.finished.push(id);
        return;
      case "retry":
        if (delivery.attempts >= MAX_ATTEMPTS) {
          logger.warn({ ...context, reason: result.reason }, "push failed; giving up after the last attempt");
          settlement.finished.push(id);
          return;
        }
        settlement.retries.push({ id, at: new Date(at.getTime() + retryDelayMs(delivery.attempts, result.retryAfterMs)), error: result.reason });
        logger.info({ ...context, reason: result.reason, retryAfterMs: result.retryAfterMs }, "push will be retried");
    }
  }

  const loop = (async () => {
    while (!isClosed) {
      let hasMore = false;
      try {
        hasMore = await runRound();
      } catch (error) {
        if (!isClosed) logger.error({ err: error }, "push worker round failed; trying again at the next poll");
      }
      if (hasMore || isClosed) continue;
      if (isNudged) {
        isNudged = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      isNudged = false;
    }
  })();

  return {
    nudge() {
      isNudged = true;
      wake?.();
    },
    /** Stops claiming; resolves once the pushes in flight are settled (each send is time-bound). */
    async close() {
      isClosed = true;
      wake?.();
      await loop;
    },
  };
}

/** The service's Retry-After when it gave one, else exponential backoff with jitter. */
export function retryDelayMs(attempts: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 500), 60 * 60_000);
  const backoff = Math.min(BACKOFF.baseMs * 2 ** (attempts - 1), BACKOFF.maxMs);
  return Math.round(backoff * (0.8 + 0.4 * random()));
}
