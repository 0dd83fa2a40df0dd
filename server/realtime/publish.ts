import { Socket } from "socket.io";
import { z } from "zod";
import { channelKey, channelSchema, formatIssues, normalizeChannel, subscriberSchema } from "@/lib/realtime/channel";
import { MAX_PAYLOAD_BYTES, type ChannelRef, type RealtimeMessage, type Subscriber } from "@/lib/realtime/contract";
import type { HeldDeliveries } from "./held-deliveries";
import type { MessageLog } from "./message-log";
import { channelRoom } from "./rooms";
import type { Fanout, OnSocketAck, RealtimeIo, RealtimeSocket } from "./types";

export type PublishOptions = {
  /** Deliver only to these users' sockets (an empty list reaches nobody). */
  users?: string[];
  /** Who published: set on the message and sent to their own sockets only with `includePublisher`. */
  publisher?: Subscriber;
  includePublisher?: boolean;
};

export type PublishResult<P = unknown> = {
  message: RealtimeMessage<P>;
  /** Sockets subscribed to exactly that channel or resource that were sent the message, on every instance that answered. */
  recipients: number;
};

export type RealtimePublishErrorCode = "invalid_channel" | "invalid_payload" | "payload_too_large" | "invalid_options";

export class RealtimePublishError extends Error {
  override readonly name = "RealtimePublishError";
  constructor(
    readonly code: RealtimePublishErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const publishOptionsSchema = z.strictObject({
  users: z.array(z.string().min(1).max(200)).max(10_000).optional(),
  publisher: subscriberSchema.optional(),
  includePublisher: z.boolean().optional(),
});

// Socket.IO's parser packet type for an event (socket.io-parser's PacketType.EVENT).
const EVENT_PACKET = 2;

export type FanoutDeps = {
  io: RealtimeIo;
  held: HeldDeliveries;
  onAck?: OnSocketAck;
};

type PublisherDeps = FanoutDeps & {
  log: MessageLog;
  /** Sends the message to the other instances' sockets and sums their recipients (cluster.ts). */
  fanoutElsewhere: (fanout: Fanout) => Promise<number>;
};

/**
 * A message checked and serialized, not yet logged: what `log.append` writes. A caller that
 * logs messages in its own database transaction (so that they commit with what they announce)
 * prepares them, logs them, and delivers each once the transaction has committed.
 */
export type PreparedMessage<P = unknown> = {
  channel: ChannelRef;
  payload: P;
  /** Logged with the message (and sent on it) only with `includePublisher`. */
  loggedPublisher?: Subscriber;
  users?: string[];
  excludedUserId?: string;
};

export type LoggedMessage = { id: string; publishedAt: Date };

export function preparePublish<P>(channel: ChannelRef, payload: P, options: PublishOptions = {}): PreparedMessage<P> {
  const parsedChannel = channelSchema.safeParse(channel);
  if (!parsedChannel.success) throw new RealtimePublishError("invalid_channel", formatIssues(parsedChannel.error));
  const parsedOptions = publishOptionsSchema.safeParse(options);
  if (!parsedOptions.success) throw new RealtimePublishError("invalid_options", formatIssues(parsedOptions.error));
  const { users, publisher, includePublisher = false } = parsedOptions.data;
  const excludedUserId = publisher && !includePublisher ? publisher.id : undefined;
  return {
    channel: normalizeChannel(parsedChannel.data),
    payload: toPlainJson(payload) as P,
    ...(includePublisher && publisher ? { loggedPublisher: publisher } : {}),
    ...(users ? { users } : {}),
    ...(excludedUserId === undefined ? {} : { excludedUserId }),
  };
}

/** Delivers a logged message to every instance's subscribers; resolves with how many were sent it. */
export function createDeliver(deps: FanoutDeps & Pick<PublisherDeps, "fanoutElsewhere">) {
  return async function deliver<P>(prepared: PreparedMessage<P>, logged: LoggedMessage): Promise<PublishResult<P>> {
    const { channel, payload, loggedPublisher, users, excludedUserId } = prepared;
    const message: RealtimeMessage<P> = {
      id: logged.id,
      channel,
      payload,
      publishedAt: logged.publishedAt.toISOString(),
      ...(loggedPublisher ? { publisher: loggedPublisher } : {}),
    };
    const fanout: Fanout = { message, ...(users ? { users } : {}), ...(excludedUserId === undefined ? {} : { excludedUserId }) };
    const here = fanoutLocally(deps, fanout);
    return { message, recipients: here + (await deps.fanoutElsewhere(fanout)) };
  };
}

export function createPublish(deps: PublisherDeps) {
  const deliver = createDeliver(deps);
  return async function publish<P>(channel: ChannelRef, payload: P, options: PublishOptions = {}): Promise<PublishResult<P>> {
    const prepared = preparePublish(channel, payload, options);
    // Logged before delivery: a message a client saw is always one it can later be replayed.
    const logged = await deps.log.append(prepared.channel, prepared.payload, prepared.loggedPublisher);
    return deliver(prepared, logged);
  };
}

/**
 * Sends the message to this instance's sockets subscribed to exactly its channel (or those of
 * `users` among them) and to those holding for it, and returns how many. Synchronous, so the
 * broadcast and the held deliveries see the same subscribers: a socket is either in the room
 * or holding, never neither. Every instance runs this for every message, its own or another's.
 */
export function fanoutLocally(deps: FanoutDeps, { message, users, excludedUserId }: Fanout): number {
  const key = channelKey(message.channel);
  const { rooms, except } = pickSockets(deps.io, channelRoom(key), users, excludedUserId);
  let recipients = 0;
  // An empty room set means "every socket" to the adapter: never broadcast with one.
  if (rooms.size > 0) {
    // The adapter encodes the packet once for all sockets and reports the count synchronously;
    // `local`: a cluster adapter must not forward it (cluster.ts already sent it to every instance).
    deps.io.of("/").adapter.broadcastWithAck(
      { type: EVENT_PACKET, data: ["message", message] },
      { rooms, except, flags: { local: true } },
      (clientCount) => {
        recipients += clientCount;
      },
      // Socket.IO calls a broadcast's ack with the acknowledging socket as `this` (Socket#onack),
      // and at most once per socket: which socket it was is what lets receipts count it once.
      function (this: unknown) {
        if (this instanceof Socket) deps.onAck?.(this as RealtimeSocket, message);
      },
    );
  }
  recipients += deps.held.offer(key, message, (subscriber) => {
    if (users && !users.includes(subscriber.id)) return false;
    return subscriber.id !== excludedUserId;
  });
  return recipients;
}

/**
 * The rooms a message to the channel's room goes to, and those it skips. Every socket is in a
 * room of its own id: a send to some users only goes to the rooms of their sockets in the
 * channel's room, and the publisher's own sockets there are skipped the same way. Such a send
 * walks the channel's room once (the sockets' identities are read as they are now, so a
 * re-identified socket is picked as what it has become); a send to everyone, the alert path's,
 * does not.
 */
function pickSockets(io: FanoutDeps["io"], room: string, users: string[] | undefined, excludedUserId: string | undefined): { rooms: Set<string>; except: Set<string> } {
  if (!users && excludedUserId === undefined) return { rooms: new Set([room]), except: new Set() };
  const wanted = users && new Set(users);
  const picked = new Set<string>();
  const sockets = io.of("/").sockets;
  for (const socketId of io.of("/").adapter.rooms.get(room) ?? []) {
    const userId = sockets.get(socketId)?.data.subscriber.id;
    if (userId === undefined) continue;
    const isPicked = wanted ? wanted.has(userId) && userId !== excludedUserId : userId === excludedUserId;
    if (isPicked) picked.add(socketId);
  }
  return wanted ? { rooms: picked, except: new Set() } : { rooms: new Set([room]), except: picked };
}

/** Serializes once to measure and to strip what JSON can't carry, so log and sockets see the same value. */
function toPlainJson(payload: unknown): unknown {
  let serialized: string | undefined;
  try {
    serialized = JSON.stringify(payload);
  } catch (error) {
    throw new RealtimePublishError("invalid_payload", `payload is not JSON-serializable: ${(error as Error).message}`);
  }
  if (serialized === undefined) throw new RealtimePublishError("invalid_payload", "payload is not JSON-serializable");
  const bytes = new TextEncoder().encode(serialized).byteLength;
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new RealtimePublishError("payload_too_large", `payload is ${bytes} bytes serialized; the limit is ${MAX_PAYLOAD_BYTES}`);
  }
  return JSON.parse(serialized) as unknown;
}
