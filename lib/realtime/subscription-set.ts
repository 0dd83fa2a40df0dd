import { channelKey } from "./channel-key";
import type { ChannelRef, MessageId, RealtimeMessage } from "./contract";

// Keeps a page's live subscriptions in line with what it needs: the reader's own channels
// (visitors, or the types a member chose) plus whatever mounted components claim (the archive
// listens to every channel its viewer may read). Each channel is subscribed once however many
// want it, and each message goes only to those that asked for its channel. No React here: the
// provider (components/realtime/) drives it, and its tests drive it with a fake client.

export type ChannelListener = (message: RealtimeMessage, channel: ChannelRef) => void;

/** The parts of the browser's realtime client (lib/realtime/client.ts) this needs. */
export type SubscriptionSetDeps = {
  subscribe: (channel: ChannelRef, handler: ChannelListener, options?: { since?: MessageId }) => Promise<string>;
  unsubscribe: (options: { subscriptionId: string }) => Promise<void>;
};

/**
 * Who the page is for ("visitor" or a user key) and the channels they read. `since`: the log
 * position the page was rendered at, so the reader's channels catch up on what was published
 * between the render and their subscription (lib/realtime/client.ts, SubscribeOptions).
 */
export type Reader = { viewerKey: string; channels: ChannelRef[]; since?: MessageId };

/** A component's wish, for the viewer it was rendered for. */
export type Claim = { viewerKey: string; channels: ChannelRef[]; onMessage: ChannelListener };

export type SubscriptionSetStatus = {
  /** Subscribes or unsubscribes still on their way. */
  pending: number;
  /** Everything dropped while the page changes hands (sign-in, sign-out). */
  isPaused: boolean;
  /** A reader is known and nothing is wanted: no connection is needed. */
  isIdle: boolean;
};

export type SubscriptionSet = {
  /** Resolves once the reader's channels are subscribed (or have failed, see onError). */
  setReader(reader: Reader): Promise<void>;
  getReader(): Reader | undefined;
  /** Messages on the reader's channels. */
  onReaderMessage(listener: ChannelListener): () => void;
  /** Adds or replaces a claim; claims for another viewer than the reader's wait (a page being replaced). */
  claim(id: string, claim: Claim): Promise<void>;
  release(id: string): Promise<void>;
  /** Drops every subscription until `resume`, or until a reader with another viewer key arrives. */
  pause(): Promise<void>;
  /** `viewerKey`: only if the pause was for that viewer (a late fallback must not end a newer pause). */
  resume(viewerKey?: string): Promise<void>;
  getStatus(): SubscriptionSetStatus;
  onStatus(listener: () => void): () => void;
  /** A subscribe that failed (refused, bad input, no connection): the channel is dropped. */
  onError(listener: (error: unknown, channel: ChannelRef) => void): () => void;
  /** Unsubscribes everything and forgets the reader and the claims; the set can be used again. */
  clear(): Promise<void>;
};

type Active = { channel: ChannelRef; subscriptionId: Promise<string | null> };

export function createSubscriptionSet(deps: SubscriptionSetDeps): SubscriptionSet {
  let reader: Reader | undefined;
  let readerKeys = new Set<string>();
  let pausedFor: string | undefined;
  const claims = new Map<string, Claim & { keys: Set<string> }>();
  const active = new Map<string, Active>();
  const readerListeners = new Set<ChannelListener>();
  const statusListeners = new Set<() => void>();
  const errorListeners = new Set<(error: unknown, channel: ChannelRef) => void>();
  let pending = 0;
  let status: SubscriptionSetStatus = { pending: 0, isPaused: false, isIdle: false };

  const isPaused = () => pausedFor !== undefined && pausedFor === reader?.viewerKey;
  const isCurrent = (claim: Claim) => claim.viewerKey === reader?.viewerKey;

  function desired(): Map<string, ChannelRef> {
    const wanted = new Map<string, ChannelRef>();
    if (!reader || isPaused()) return wanted;
    for (const channel of reader.channels) wanted.set(channelKey(channel), channel);
    for (const claim of claims.values()) {
      if (!isCurrent(claim)) continue;
      for (const channel of claim.channels) wanted.set(channelKey(channel), channel);
    }
    return wanted;
  }

  function dispatch(key: string, message: RealtimeMessage, channel: ChannelRef): void {
    // Routed by what is wanted now: a message still arriving for a released claim goes nowhere.
    if (isPaused()) return;
    const targets: ChannelListener[] = [];
    if (readerKeys.has(key)) targets.push(...readerListeners);
    for (const claim of claims.values()) {
      if (isCurrent(claim) && claim.keys.has(key)) targets.push(claim.onMessage);
    }
    for (const target of targets) target(message, channel);
  }

  function publishStatus(): void {
    const next: SubscriptionSetStatus = { pending, isPaused: isPaused(), isIdle: reader !== undefined && desired().size === 0 && !isPaused() };
    if (next.pending === status.pending && next.isPaused === status.isPaused && next.isIdle === status.isIdle) return;
    status = next;
    for (const listener of [...statusListeners]) listener();
  }

  function track<T>(work: Promise<T>): Promise<T> {
    pending += 1;
    publishStatus();
    return work.finally(() => {
      pending -= 1;
      publishStatus();
    });
  }

  function drop(key: string, subscription: Active): Promise<void> {
    active.delete(key);
    return track(
      subscription.subscriptionId.then(async (subscriptionId) => {
        if (subscriptionId === null) return;
        try {
          await deps.unsubscribe({ subscriptionId });
        } catch {
          // Gone already (e.g. the connection was replaced): nothing left to undo.
        }
      }),
    );
  }

  /** Claims are of pages that may be rendered later than the reader's position: they start live. */
  function sinceFor(key: string): { since: MessageId } | undefined {
    return readerKeys.has(key) && reader?.since !== undefined ? { since: reader.since } : undefined;
  }

  function add(key: string, channel: ChannelRef): Active {
    const subscriptionId: Promise<string | null> = track(
      deps.subscribe(channel, (message, on) => dispatch(key, message, on), sinceFor(key)).catch((error: unknown) => {
        if (active.get(key)?.subscriptionId === subscriptionId) active.delete(key);
        for (const listener of [...errorListeners]) listener(error, channel);
        return null;
      }),
    );
    const subscription = { channel, subscriptionId };
    active.set(key, subscription);
    return subscription;
  }

  /** Subscribes what is wanted and not active, unsubscribes what is active and not wanted. */
  function sync(): Promise<void> {
    const wanted = desired();
    const work: Promise<unknown>[] = [];
    for (const [key, subscription] of active) {
      if (!wanted.has(key)) work.push(drop(key, subscription));
    }
    for (const [key, channel] of wanted) {
      // Also waits for a subscribe an earlier sync started: the caller wants it in place.
      work.push((active.get(key) ?? add(key, channel)).subscriptionId);
    }
    publishStatus();
    return Promise.all(work).then(() => undefined);
  }

  return {
    setReader(next) {
      if (next.viewerKey !== reader?.viewerKey) pausedFor = undefined;
      reader = { ...next, channels: [...next.channels] };
      readerKeys = new Set(reader.channels.map(channelKey));
      return sync();
    },
    getReader: () => reader,
    onReaderMessage(listener) {
      readerListeners.add(listener);
      return () => readerListeners.delete(listener);
    },
    claim(id, claim) {
      claims.set(id, { ...claim, keys: new Set(claim.channels.map(channelKey)) });
      return sync();
    },
    release(id) {
      claims.delete(id);
      return sync();
    },
    pause() {
      pausedFor = reader?.viewerKey;
      return sync();
    },
    resume(viewerKey) {
      if (viewerKey === undefined || pausedFor === viewerKey) pausedFor = undefined;
      return sync();
    },
    getStatus: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    clear() {
      reader = undefined;
      readerKeys = new Set();
      pausedFor = undefined;
      claims.clear();
      return sync();
    },
  };
}
