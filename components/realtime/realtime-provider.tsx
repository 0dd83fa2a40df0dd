"use client";

import { createContext, useContext, useEffect, useEffectEvent, useState, type ReactNode } from "react";
import { channelKey } from "@/lib/realtime/channel-key";
import * as realtime from "@/lib/realtime/client";
import type { ChannelRef, MessageId } from "@/lib/realtime/contract";
import { createSubscriptionSet, type SubscriptionSet } from "@/lib/realtime/subscription-set";
import { ConnectionStatusProvider } from "./connection-status";

// The page's live subscriptions (lib/realtime/subscription-set.ts), one set for the page's
// life. The context value never changes, so what uses it (the sign-in forms, the settings
// dialog) does not re-render when the connection or the subscriptions do.
const SubscriptionSetContext = createContext<SubscriptionSet | null>(null);

export type RealtimeProviderProps = {
  /** "visitor" or the user's key: when it changes, the page belongs to someone else. */
  viewerKey: string;
  /** The channels the server says this reader listens to (visitors, or their saved types). */
  readerChannels: ChannelRef[];
  /** The message log's position the page was rendered at: the reader's channels catch up from it. */
  since: MessageId;
  children: ReactNode;
};

export function RealtimeProvider({ viewerKey, readerChannels, since, children }: RealtimeProviderProps) {
  const [set] = useState(() => createSubscriptionSet({ subscribe: realtime.subscribe, unsubscribe: realtime.unsubscribe }));
  const applyReader = useEffectEvent(() => set.setReader({ viewerKey, channels: readerChannels, since }));
  // A new reader (after sign-in/out) or new channels from the server replace ours; the same
  // list again (a refresh) subscribes nothing new.
  const channelsSignature = readerChannels.map(channelKey).sort().join(",");
  useEffect(() => {
    void applyReader();
  }, [viewerKey, channelsSignature, since]);
  // Leave nothing subscribed behind when the page goes.
  useEffect(() => () => void set.clear(), [set]);

  return (
    <SubscriptionSetContext value={set}>
      <ConnectionStatusProvider set={set}>{children}</ConnectionStatusProvider>
    </SubscriptionSetContext>
  );
}

export function useSubscriptionSet(): SubscriptionSet {
  const set = useContext(SubscriptionSetContext);
  if (!set) throw new Error("useSubscriptionSet must be used inside <RealtimeProvider>");
  return set;
}

/** Replaces the reader's channels (after saving alert settings); resolves once they are subscribed. */
export function useSetReaderChannels(): (channels: ChannelRef[]) => Promise<void> {
  const set = useSubscriptionSet();
  return (channels) => {
    const reader = set.getReader();
    return reader ? set.setReader({ ...reader, channels }) : Promise.resolve();
  };
}
