"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import * as realtime from "@/lib/realtime/client";
import { useSubscriptionSet } from "./realtime-provider";

export type ChangeIdentity = (action: () => Promise<boolean>, options?: { navigateTo?: string }) => Promise<boolean>;

// Normally the refresh brings the new reader within a second; never stay paused for good.
const PAUSE_FALLBACK_MS = 15_000;

/**
 * Sign-in / sign-out: drop every subscription, run `action` (which changes the session
 * cookie and says whether it did), reconnect so the server reads the new identity, then
 * refresh the server components, which hand down the new reader and their alerts.
 */
export function useChangeIdentity(): ChangeIdentity {
  const set = useSubscriptionSet();
  const router = useRouter();
  return useCallback(
    async (action, options) => {
      const from = set.getReader()?.viewerKey;
      await set.pause();
      let isChanged = false;
      try {
        isChanged = await action();
      } catch (error) {
        console.error("changing who is signed in failed", error);
      }
      try {
        await realtime.reconnect();
      } catch {
        // Reported to onError listeners (the connection indicator) already.
      }
      if (!isChanged) {
        await set.resume(from);
        return false;
      }
      if (options?.navigateTo) router.push(options.navigateTo);
      router.refresh();
      setTimeout(() => void set.resume(from), PAUSE_FALLBACK_MS);
      return true;
    },
    [set, router],
  );
}
