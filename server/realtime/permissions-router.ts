import type { Logger } from "pino";
import { channelKey, channelSchema, normalizeChannel } from "@/lib/realtime/channel";
import type { ChannelRef, Subscriber } from "@/lib/realtime/contract";

export type ChannelPermissions = { read: boolean };

export type PermissionsHandler = (
  channel: ChannelRef,
  subscriber: Subscriber,
) => ChannelPermissions | Promise<ChannelPermissions>;

export type PermissionsRouterOptions = {
  logger?: Pick<Logger, "warn">;
  /** A handler that hangs would hang every subscribe; past this it counts as a denial. */
  timeoutMs?: number;
};

const DENY: ChannelPermissions = { read: false };

/**
 * Wix's permissions router. Resolution: the exact channel or resource's handler, else (for a
 * resource) its channel's handler, else the default handler, else `{ read: true }`.
 * Fails closed: a handler that throws, times out or answers anything but `{ read: boolean }` denies.
 */
export class PermissionsRouter {
  private readonly handlers = new Map<string, PermissionsHandler>();
  private defaultHandler: PermissionsHandler | undefined;
  private readonly logger: Pick<Logger, "warn"> | undefined;
  private readonly timeoutMs: number;

  constructor(options: PermissionsRouterOptions = {}) {
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  default(handler: PermissionsHandler): void {
    this.defaultHandler = handler;
  }

  /** Throws on an invalid channel: a typo here would otherwise silently fall back to the default. */
  add(channel: ChannelRef, handler: PermissionsHandler): void {
    const parsed = channelSchema.parse(channel);
    this.handlers.set(channelKey(parsed), handler);
  }

  async check(channel: ChannelRef, subscriber: Subscriber): Promise<ChannelPermissions> {
    const parsed = channelSchema.safeParse(channel);
    if (!parsed.success) return DENY;
    const target = normalizeChannel(parsed.data);
    const handler = this.resolve(target);
    if (!handler) return { read: true };
    try {
      const answer = handler(target, subscriber);
      // A synchronous answer (the usual role check) needs no timer: only a promise can hang.
      const result = answer instanceof Promise ? await this.withTimeout(answer) : answer;
      if (isPermissions(result)) return { read: result.read };
      this.logger?.warn({ channel: target, result }, "permissions handler returned a malformed answer; denying");
      return DENY;
    } catch (error) {
      this.logger?.warn({ channel: target, err: error }, "permissions handler failed; denying");
      return DENY;
    }
  }

  private resolve(channel: ChannelRef): PermissionsHandler | undefined {
    return (
      this.handlers.get(channelKey(channel)) ??
      (channel.resourceId !== undefined ? this.handlers.get(channelKey({ name: channel.name })) : undefined) ??
      this.defaultHandler
    );
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`permissions handler took over ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

function isPermissions(value: unknown): value is ChannelPermissions {
  return typeof value === "object" && value !== null && typeof (value as { read?: unknown }).read === "boolean";
}
