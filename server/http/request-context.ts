import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "pino";

/** What the custom server knows about the HTTP request being handled. */
export type RequestContext = { requestId: string; logger: Logger };

// One store for the process, on globalThis: the custom server enters it, and Next's bundle
// (its own copy of this module) reads it in route handlers (socketio/socket.io#5237).
const storeKey = Symbol.for("newsflash.requestContext");
type Holder = { [storeKey]?: AsyncLocalStorage<RequestContext> };

function store(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as Holder;
  holder[storeKey] ??= new AsyncLocalStorage<RequestContext>();
  return holder[storeKey];
}

export function runWithRequestContext<T>(context: RequestContext, run: () => T): T {
  return store().run(context, run);
}

/** The current request's context; undefined outside one (socket events, timers, tests). */
export function currentRequestContext(): RequestContext | undefined {
  return store().getStore();
}

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Honours a caller's `x-request-id` (a proxy's, say) when it is a plain token of at most 128
 * characters, so log lines can be followed across hops; anything else is replaced, so what
 * we log and echo can't be used to forge log lines or bloat them.
 */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  return candidate && SANE_REQUEST_ID.test(candidate) ? candidate : crypto.randomUUID();
}
