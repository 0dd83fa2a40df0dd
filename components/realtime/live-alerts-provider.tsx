"use client";

import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import * as realtime from "@/lib/realtime/client";
import { RealtimeErrorCode, type ChannelRef, type RealtimeMessage } from "@/lib/realtime/contract";
import { alertFromMessage, type ReceivedAlert } from "@/components/alerts/alert-payload";
import { channelKey } from "@/lib/realtime/channel-key";

export type ConnectionState = "connecting" | "connected" | "lost" | "restored";
export type LiveError = { id: number; message: string; isConnection: boolean };
export type AlertListener = (alert: ReceivedAlert, channel: ChannelRef) => void;

type LiveAlertsContextValue = {
  viewerKey: string;
  readerChannels: ChannelRef[];
  connection: ConnectionState;
  /** Subscriptions still being made or removed: "Live" only once they are all in place. */
  isSyncing: boolean;
  /** Nothing to listen to (a member who chose no alert types): no connection is opened. */
  isIdle: boolean;
  errors: LiveError[];
  dismissError: (id: number) => void;
  /** Replaces the reader's channels (after saving alert settings); resolves once subscribed. */
  setReaderChannels: (channels: ChannelRef[]) => Promise<void>;
  isReaderChannel: (channel: ChannelRef) => boolean;
  /**
   * Sign-in / sign-out: drop every subscription, run `action` (which changes the session
   * cookie), reconnect so the server takes the new identity, then refresh the server
   * components, which hand down the new reader's channels.
   */
  changeIdentity: (action: () => Promise<boolean>, options?: { navigateTo?: string }) => Promise<boolean>;
  addListener: (listener: AlertListener) => () => void;
  claimChannels: (claimId: string, claim: Claim) => void;
  releaseChannels: (claimId: string) => void;
};

type Claim = { viewerKey: string; channels: ChannelRef[] };
type ActiveSubscription = { channel: ChannelRef; subscriptionId: Promise<string | null> };

const LiveAlertsContext = createContext<LiveAlertsContextValue | null>(null);

export type LiveAlertsProviderProps = {
  /** "visitor" or the user's id: when it changes, the page belongs to someone else. */
  viewerKey: string;
  /** The channels the server says this reader listens to (visitors, or their saved types). */
  initialChannels: ChannelRef[];
  children: ReactNode;
};

function signature(channels: ChannelRef[]): string {
  return channels.map(channelKey).sort().join(",");
}

export function LiveAlertsProvider({ viewerKey, initialChannels, children }: LiveAlertsProviderProps) {
  const router = useRouter();
  const initialSignature = signature(initialChannels);
  const [reader, setReader] = useState({ viewerKey, source: initialSignature, channels: initialChannels });
  // A new reader (after sign-in/out) or new channels from the server replace ours; derived
  // during render (react.dev "adjusting state when a prop changes").
  if (reader.viewerKey !== viewerKey || reader.source !== initialSignature) {
    setReader({ viewerKey, source: initialSignature, channels: initialChannels });
  }
  const [pausedFor, setPausedFor] = useState<string | null>(null);
  const isPaused = pausedFor !== null && pausedFor === viewerKey;

  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [pending, setPending] = useState(0);
  const [errors, setErrors] = useState<LiveError[]>([]);
  const [hasChannels, setHasChannels] = useState(true);

  const readerRef = useRef(reader.channels);
  const viewerKeyRef = useRef(viewerKey);
  const pausedRef = useRef(isPaused);
  const claimsRef = useRef(new Map<string, Claim>());
  const activeRef = useRef(new Map<string, ActiveSubscription>());
  const listenersRef = useRef(new Set<AlertListener>());
  const switchingRef = useRef(false);
  const errorIdRef = useRef(0);

  const reportError = useCallback((message: string, isConnection = false) => {
    const id = ++errorIdRef.current;
    // Keep the last few; the same message twice in a row is shown once.
    setErrors((current) => (current.at(-1)?.message === message ? current : [...current.slice(-3), { id, message, isConnection }]));
  }, []);

  const handleMessage = useCallback((message: RealtimeMessage) => {
    const alert = alertFromMessage(message);
    if (!alert) return;
    for (const listener of listenersRef.current) listener(alert, message.channel);
  }, []);

  const track = useCallback(<T,>(work: Promise<T>): Promise<T> => {
    setPending((count) => count + 1);
    return work.finally(() => setPending((count) => count - 1));
  }, []);

  /** Makes the live subscriptions match what the reader and the mounted pages need. */
  const sync = useCallback((): Promise<void> => {
    const desired = new Map<string, ChannelRef>();
    if (!pausedRef.current) {
      for (const channel of readerRef.current) desired.set(channelKey(channel), channel);
      for (const claim of claimsRef.current.values()) {
        // A page rendered for the previous reader may still be mounted for a moment.
        if (claim.viewerKey !== viewerKeyRef.current) continue;
        for (const channel of claim.channels) desired.set(channelKey(channel), channel);
      }
    }
    setHasChannels(desired.size > 0 || pausedRef.current);
    const work: Promise<unknown>[] = [];
    const active = activeRef.current;
    for (const [key, subscription] of active) {
      if (desired.has(key)) continue;
      active.delete(key);
      work.push(
        subscription.subscriptionId.then(async (subscriptionId) => {
          if (subscriptionId === null) return;
          try {
            await realtime.unsubscribe({ subscriptionId });
          } catch {
            // Gone already (e.g. the connection was replaced): nothing left to undo.
          }
        }),
      );
    }
    for (const [key, channel] of desired) {
      if (active.has(key)) continue;
      const subscriptionId = realtime.subscribe(channel, handleMessage).catch((error: unknown) => {
        if (activeRef.current.get(key)?.subscriptionId === subscriptionId) activeRef.current.delete(key);
        reportError(`Live alerts are unavailable for now: ${describeError(error)}`);
        return null;
      });
      active.set(key, { channel, subscriptionId });
      work.push(subscriptionId);
    }
    if (work.length === 0) return Promise.resolve();
    return track(Promise.all(work)).then(() => undefined);
  }, [handleMessage, reportError, track]);

  useEffect(() => {
    const removeConnected = realtime.onConnected(() => {
      setConnection((previous) => (previous === "lost" ? "restored" : "connected"));
      // Connection problems are over once we are connected again.
      setErrors((current) => (current.some((error) => error.isConnection) ? current.filter((error) => !error.isConnection) : current));
    });
    const removeDisconnected = realtime.onDisconnected(() => {
      setConnection(switchingRef.current ? "connecting" : "lost");
    });
    const removeError = realtime.onError((error) => {
      const isConnection = error.errorCode === RealtimeErrorCode.connection;
      reportError(isConnection ? `Live connection problem: ${error.message}` : describeError(error), isConnection);
    });
    return () => {
      removeConnected();
      removeDisconnected();
      removeError();
    };
  }, [reportError]);

  useEffect(() => {
    readerRef.current = reader.channels;
    viewerKeyRef.current = viewerKey;
    pausedRef.current = isPaused;
    void sync();
  }, [reader.channels, viewerKey, isPaused, sync]);

  // "Back" is news for a moment, then it's just live again.
  useEffect(() => {
    if (connection !== "restored") return;
    const timer = setTimeout(() => setConnection((current) => (current === "restored" ? "connected" : current)), 4000);
    return () => clearTimeout(timer);
  }, [connection]);

  // Leave nothing subscribed behind when the provider goes (it lives as long as the page).
  useEffect(() => {
    const active = activeRef.current;
    return () => {
      for (const subscription of active.values()) {
        void subscription.subscriptionId.then((subscriptionId) =>
          subscriptionId ? realtime.unsubscribe({ subscriptionId }).catch(() => undefined) : undefined,
        );
      }
      active.clear();
    };
  }, []);

  const setReaderChannels = useCallback(
    (channels: ChannelRef[]) => {
      readerRef.current = channels;
      setReader((current) => ({ ...current, channels }));
      return sync();
    },
    [sync],
  );

  const changeIdentity = useCallback(
    async (action: () => Promise<boolean>, options?: { navigateTo?: string }) => {
      const from = viewerKeyRef.current;
      switchingRef.current = true;
      pausedRef.current = true;
      setPausedFor(from);
      await sync();
      let isChanged = false;
      try {
        isChanged = await action();
      } catch (error) {
        reportError(describeError(error));
      }
      try {
        await realtime.reconnect();
      } catch (error) {
        reportError(`Could not reconnect: ${describeError(error)}`);
      } finally {
        switchingRef.current = false;
      }
      if (!isChanged) {
        pausedRef.current = false;
        setPausedFor(null);
        await sync();
        return false;
      }
      if (options?.navigateTo) router.push(options.navigateTo);
      router.refresh();
      // Normally the refresh brings the new reader (and unpauses); never stay paused for good.
      setTimeout(() => setPausedFor((current) => (current === from ? null : current)), 15_000);
      return true;
    },
    [reportError, router, sync],
  );

  const addListener = useCallback((listener: AlertListener) => {
    listenersRef.current.add(listener);
    return () => {
      listenersRef.current.delete(listener);
    };
  }, []);

  const claimChannels = useCallback(
    (claimId: string, claim: Claim) => {
      claimsRef.current.set(claimId, claim);
      void sync();
    },
    [sync],
  );
  const releaseChannels = useCallback(
    (claimId: string) => {
      claimsRef.current.delete(claimId);
      void sync();
    },
    [sync],
  );

  const isReaderChannel = useCallback((channel: ChannelRef) => {
    const key = channelKey(channel);
    return readerRef.current.some((candidate) => channelKey(candidate) === key);
  }, []);

  const dismissError = useCallback((id: number) => setErrors((current) => current.filter((error) => error.id !== id)), []);

  const value = useMemo<LiveAlertsContextValue>(
    () => ({
      viewerKey,
      readerChannels: reader.channels,
      connection,
      isSyncing: pending > 0 || isPaused,
      isIdle: !hasChannels,
      errors,
      dismissError,
      setReaderChannels,
      isReaderChannel,
      changeIdentity,
      addListener,
      claimChannels,
      releaseChannels,
    }),
    [viewerKey, reader.channels, connection, pending, isPaused, hasChannels, errors, dismissError, setReaderChannels, isReaderChannel, changeIdentity, addListener, claimChannels, releaseChannels],
  );

  return <LiveAlertsContext.Provider value={value}>{children}</LiveAlertsContext.Provider>;
}

export function useLiveAlerts(): LiveAlertsContextValue {
  const context = useContext(LiveAlertsContext);
  if (!context) throw new Error("useLiveAlerts must be used inside <LiveAlertsProvider>");
  return context;
}

/** Calls `onAlert` for every alert that arrives; the latest callback is used, registered once. */
export function useAlertListener(onAlert: AlertListener): void {
  const { addListener } = useLiveAlerts();
  const onAlertRef = useRef(onAlert);
  useEffect(() => {
    onAlertRef.current = onAlert;
  });
  useEffect(() => {
    const listener: AlertListener = (alert, channel) => onAlertRef.current(alert, channel);
    return addListener(listener);
  }, [addListener]);
}

/** Keeps `channels` subscribed while the calling component is mounted (e.g. the archive). */
export function useLiveChannels(channels: ChannelRef[], viewerKey: string): void {
  const { claimChannels, releaseChannels } = useLiveAlerts();
  const claimId = useId();
  const key = signature(channels);
  const channelsRef = useRef(channels);
  useEffect(() => {
    channelsRef.current = channels;
  });
  useEffect(() => {
    claimChannels(claimId, { viewerKey, channels: channelsRef.current });
    return () => releaseChannels(claimId);
  }, [claimId, key, viewerKey, claimChannels, releaseChannels]);
}

function describeError(error: unknown): string {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    return error.message;
  }
  return typeof error === "string" ? error : "something went wrong";
}
