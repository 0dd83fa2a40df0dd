import { createECDH, createPublicKey, randomBytes, randomUUID, verify, type ECDH } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import ece from "http_ece";

// A stand-in for a browser's push service (FCM, Mozilla autopush, Apple...), on 127.0.0.1 over
// plain http (the server admits it with PUSH_ALLOW_LOOPBACK=true). It checks every request as
// a real one does: the VAPID JWT (RFC 8292) verifies against the key it names and is meant for
// this origin, the body is aes128gcm (RFC 8291) and decrypts with the keys its device made as a
// browser does (an ECDH P-256 pair and a 16-byte auth secret), TTL is given. A request that
// fails a check is answered 400 and recorded in `problems`. Devices can be told how to answer
// (410, 429 with Retry-After...) to drive the server's retries and removals.

export type PushSubscriptionJson = { endpoint: string; keys: { p256dh: string; auth: string } };

export type ReceivedPush = {
  deviceId: string;
  /** The decrypted body, parsed. */
  message: Record<string, unknown>;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  /** The VAPID public key the request was signed with (`k=`). */
  vapidKey: string;
  claims: { aud: string; exp: number; sub: string };
  at: number;
};

export type PushAnswer = { status: number; headers?: Record<string, string> };

export type StandInDevice = {
  id: string;
  /** What the browser's PushSubscription.toJSON() would give. */
  subscription: PushSubscriptionJson;
  /** Pushes it accepted (2xx), decrypted. */
  received: () => ReceivedPush[];
  /** Every request that reached it, with the status it was answered. */
  requests: () => { status: number; at: number }[];
  /** The next requests are answered with these, in order; then 201 again. */
  answerNext: (...answers: PushAnswer[]) => void;
  /** From now on every request is answered 410 Gone (the browser unsubscribed). */
  unsubscribe: () => void;
};

export type PushServiceStandIn = {
  origin: string;
  newDevice: () => StandInDevice;
  /** Requests that failed a check a real push service makes. */
  problems: string[];
  close: () => Promise<void>;
};

type DeviceState = {
  ecdh: ECDH;
  auth: Buffer;
  received: ReceivedPush[];
  requests: { status: number; at: number }[];
  answers: PushAnswer[];
  isGone: boolean;
};

const MAX_JWT_LIFETIME_SECONDS = 24 * 60 * 60;

/** `delayMs`: each answer takes this long, as a busy push service's would. */
export async function startPushServiceStandIn({ delayMs = 0 }: { delayMs?: number } = {}): Promise<PushServiceStandIn> {
  const devices = new Map<string, DeviceState>();
  const problems: string[] = [];
  let origin = "";

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answer = (status: number, headers: Record<string, string> = {}) => {
        setTimeout(() => {
          response.writeHead(status, headers);
          response.end();
        }, delayMs);
      };
      const deviceId = /^\/push\/([\w-]+)$/.exec(request.url ?? "")?.[1];
      const device = deviceId ? devices.get(deviceId) : undefined;
      if (request.method !== "POST" || !deviceId || !device) {
        problems.push(`unexpected ${request.method} ${request.url}`);
        return answer(404);
      }
      const at = Date.now();
      const record = (status: number) => device.requests.push({ status, at });
      try {
        const push = checkPush(deviceId, device, request.headers, Buffer.concat(chunks), origin);
        // Checked first, as a real service would; then answered as the test asked.
        const scripted = device.isGone ? { status: 410 } : device.answers.shift();
        if (scripted) {
          record(scripted.status);
          return answer(scripted.status, scripted.headers);
        }
        device.received.push({ ...push, at });
        record(201);
        answer(201, { location: `${origin}/message/${randomUUID()}` });
      } catch (error) {
        problems.push(`${deviceId}: ${(error as Error).message}`);
        record(400);
        answer(400);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  return {
    origin,
    problems,
    newDevice() {
      // What a browser does on pushManager.subscribe(): a P-256 key pair and an auth secret.
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const state: DeviceState = { ecdh, auth: randomBytes(16), received: [], requests: [], answers: [], isGone: false };
      const id = randomUUID();
      devices.set(id, state);
      return {
        id,
        subscription: {
          endpoint: `${origin}/push/${id}`,
          keys: { p256dh: ecdh.getPublicKey("base64url", "uncompressed"), auth: state.auth.toString("base64url") },
        },
        received: () => [...state.received],
        requests: () => [...state.requests],
        answerNext: (...answers) => state.answers.push(...answers),
        unsubscribe: () => {
          state.isGone = true;
        },
      };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function checkPush(deviceId: string, device: DeviceState, headers: IncomingHttpHeaders, body: Buffer, origin: string): Omit<ReceivedPush, "at"> {
  const { vapidKey, claims } = checkVapid(headers.authorization, origin);
  if (headers["content-encoding"] !== "aes128gcm") throw new Error(`Content-Encoding is ${headers["content-encoding"]}, not aes128gcm`);
  const ttl = Number(headers.ttl);
  if (headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0) throw new Error(`TTL header missing or invalid: ${headers.ttl}`);
  const topic = headers.topic as string | undefined;
  if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) throw new Error(`Topic is not at most 32 base64url characters: ${topic}`);
  let plaintext: Buffer;
  try {
    plaintext = ece.decrypt(body, { version: "aes128gcm", privateKey: device.ecdh, authSecret: device.auth.toString("base64url") });
  } catch (error) {
    throw new Error(`body does not decrypt with the device's keys: ${(error as Error).message}`);
  }
  return { deviceId, message: JSON.parse(plaintext.toString("utf8")) as Record<string, unknown>, ttl, urgency: headers.urgency as string | undefined, topic, vapidKey, claims };
}

/** RFC 8292: `Authorization: vapid t=<ES256 JWT>, k=<P-256 public key>`. */
function checkVapid(authorization: string | undefined, origin: string): { vapidKey: string; claims: ReceivedPush["claims"] } {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? "");
  if (!match) throw new Error(`Authorization is not "vapid t=..., k=...": ${authorization}`);
  const [, jwt = "", vapidKey = ""] = match;
  const [encodedHeader = "", encodedClaims = "", signature = ""] = jwt.split(".");
  const header = JSON.parse(Buffer.from(encodedHeader, "base64url").toString()) as { alg?: string; typ?: string };
  if (header.alg !== "ES256") throw new Error(`JWT alg is ${header.alg}, not ES256`);
  const point = Buffer.from(vapidKey, "base64url");
  if (point.length !== 65 || point[0] !== 4) throw new Error("k is not an uncompressed P-256 point");
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
    format: "jwk",
  });
  const isValid = verify("sha256", Buffer.from(`${encodedHeader}.${encodedClaims}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  if (!isValid) throw new Error("the VAPID JWT's signature does not verify against k");
  const claims = JSON.parse(Buffer.from(encodedClaims, "base64url").toString()) as ReceivedPush["claims"];
  if (claims.aud !== origin) throw new Error(`JWT aud is ${claims.aud}, not this push service's origin ${origin}`);
  const now = Math.floor(Date.now() / 1000);
  if (!(claims.exp > now && claims.exp <= now + MAX_JWT_LIFETIME_SECONDS)) throw new Error(`JWT exp ${claims.exp} is not within the next 24 hours`);
  if (!/^(mailto:|https:)/.test(claims.sub ?? "")) throw new Error(`JWT sub is not a mailto: or https: contact: ${claims.sub}`);
  return { vapidKey, claims };
}

/** Polls until `condition` holds, or fails naming what it waited for. */
export async function waitUntil(condition: () => boolean, label: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
