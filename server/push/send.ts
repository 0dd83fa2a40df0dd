import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import webpush from "web-push";
import { EndpointRefused, type CheckedEndpoint, type EndpointGuard } from "./endpoint-guard";
import type { PushMessage } from "./push-message";

// One push to one device. web-push does the cryptography: RFC 8291 aes128gcm encryption of the
// body for the browser's keys and the RFC 8292 VAPID JWT (`Authorization: vapid t=..., k=...`,
// audience = the endpoint's origin, 12 h expiry). We make the HTTP request ourselves, so that it
// goes to the address the endpoint guard checked (web-push's own sender resolves the name
// again), speaks plain http only to the tests' loopback stand-in, and follows no redirect.

export type PushTarget = { endpoint: string; p256dh: string; auth: string };
export type PushOptions = { ttlSeconds: number; topic: string };

export type SendOutcome =
  | { outcome: "delivered"; status: number }
  /** 404/410: the browser unsubscribed or the subscription expired; remove it. */
  | { outcome: "gone"; status: number }
  /** 429, 5xx, a network failure: try again later (`retryAfterMs` when the service said). */
  | { outcome: "retry"; reason: string; retryAfterMs?: number }
  /** Any other answer: trying again would get the same one. */
  | { outcome: "failed"; reason: string }
  /** The endpoint no longer resolves to a public address; remove it. */
  | { outcome: "refused"; reason: string };

export type SendPush = (target: PushTarget, message: PushMessage, options: PushOptions) => Promise<SendOutcome>;

export type VapidDetails = { subject: string; publicKey: string; privateKey: string };

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 4_096;

export function createPushSender({ vapid, guard, timeoutMs = REQUEST_TIMEOUT_MS }: { vapid: VapidDetails; guard: EndpointGuard; timeoutMs?: number }): SendPush & {
  close: () => void;
} {
  // Kept-alive connections: a push service takes thousands of pushes over a few connections.
  const agents = { "https:": new https.Agent({ keepAlive: true, maxSockets: 32 }), "http:": new http.Agent({ keepAlive: true, maxSockets: 32 }) };

  const send: SendPush = async (target, message, options) => {
    let checked: CheckedEndpoint;
    try {
      checked = await guard(target.endpoint);
    } catch (error) {
      return error instanceof EndpointRefused ? { outcome: "refused", reason: error.message } : { outcome: "retry", reason: (error as Error).message };
    }
    let details: ReturnType<typeof webpush.generateRequestDetails>;
    try {
      details = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, JSON.stringify(message), {
        vapidDetails: vapid,
        TTL: options.ttlSeconds,
        urgency: "high",
        topic: options.topic,
        contentEncoding: "aes128gcm",
      });
    } catch (error) {
      return { outcome: "failed", reason: `could not encrypt or sign: ${(error as Error).message}` };
    }
    const protocol = checked.url.protocol === "http:" ? "http:" : "https:";
    try {
      const response = await post(checked, details, { agent: agents[protocol], timeoutMs });
      return classify(response);
    } catch (error) {
      return { outcome: "retry", reason: (error as Error).message };
    }
  };
  return Object.assign(send, {
    close: () => {
      agents["https:"].destroy();
      agents["http:"].destroy();
    },
  });
}

type PushResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

function post(
  checked: CheckedEndpoint,
  details: ReturnType<typeof webpush.generateRequestDetails>,
  { agent, timeoutMs }: { agent: http.Agent; timeoutMs: number },
): Promise<PushResponse> {
  const { url, address, family } = checked;
  // Connect to the checked address whatever the resolver says now; TLS still verifies the
  // certificate for the name in the URL. Node asks for `all` addresses when it races IPv4 and
  // IPv6 (autoSelectFamily), one otherwise.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const requestFn = url.protocol === "http:" ? http.request : https.request;
  return new Promise((resolve, reject) => {
    const request = requestFn(
      url,
      { method: "POST", headers: details.headers as http.OutgoingHttpHeaders, agent, lookup: pinned, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          // Read to the end (so the connection can be reused) but keep only the start, for the log.
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_RESPONSE_BYTES) }));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(details.body ?? undefined);
  });
}

function classify({ status, headers, body }: PushResponse): SendOutcome {
  if (status >= 200 && status < 300) return { outcome: "delivered", status };
  if (status === 404 || status === 410) return { outcome: "gone", status };
  const reason = `push service answered ${status}${body ? `: ${body.slice(0, 200)}` : ""}`;
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(headers["retry-after"]);
    return retryAfterMs === undefined ? { outcome: "retry", reason } : { outcome: "retry", reason, retryAfterMs };
  }
  // 3xx included: a push service does not redirect, and following one is how SSRF gets in.
  return { outcome: "failed", reason };
}

/** `Retry-After` as seconds or an HTTP date (RFC 9110 10.2.3), in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
