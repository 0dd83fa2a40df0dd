"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import * as realtime from "@/lib/realtime/client";
import { RealtimeErrorCode } from "@/lib/realtime/contract";
import type { SubscriptionSet } from "@/lib/realtime/subscription-set";

export type ConnectionState = "connecting" | "connected" | "lost" | "restored";
export type LiveError = { id: number; message: string; isConnection: boolean };

export type ConnectionStatus = {
  connection: ConnectionState;
  /** Subscriptions still being made or removed: "Live" only once they are all in place. */
  isSyncing: boolean;
  /** Nothing to listen to (a member who chose no alert types): no connection is opened. */
  isIdle: boolean;
  errors: LiveError[];
  dismissError: (id: number) => void;
};

// Its own context: a connection blip re-renders the indicator, not the rest of the page.
const ConnectionStatusContext = createContext<ConnectionStatus | null>(null);

export function ConnectionStatusProvider({ set, children }: { set: SubscriptionSet; children: ReactNode }) {
  const status = useSyncExternalStore(set.onStatus, set.getStatus, set.getStatus);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [errors, setErrors] = useState<LiveError[]>([]);
  const errorId = useRef(0);

  const reportError = useCallback((message: string, isConnection: boolean) => {
    const id = ++errorId.current;
    // Keep the last few; the same message twice in a row is shown once.
    setErrors((current) => (current.at(-1)?.message === message ? current : [...current.slice(-3), { id, message, isConnection }]));
  }, []);

  useEffect(() => {
    const removers = [
      realtime.onConnected(() => {
        setConnection((previous) => (previous === "lost" ? "restored" : "connected"));
        // Connection problems are over once we are connected again.
        setErrors((current) => (current.some((error) => error.isConnection) ? current.filter((error) => !error.isConnection) : current));
      }),
      // Dropped on purpose while the page changes hands (sign-in/out): that is no outage.
      realtime.onDisconnected(() => setConnection(set.getStatus().isPaused ? "connecting" : "lost")),
      realtime.onError((error) => {
        const isConnection = error.errorCode === RealtimeErrorCode.connection;
        reportError(isConnection ? `Live connection problem: ${error.message}` : error.message, isConnection);
      }),
      set.onError((error) => reportError(`Live alerts are unavailable for now: ${describeError(error)}`, false)),
    ];
    return () => {
      for (const remove of removers) remove();
    };
  }, [set, reportError]);

  // "Back" is news for a moment, then it's just live again.
  useEffect(() => {
    if (connection !== "restored") return;
    const timer = setTimeout(() => setConnection((current) => (current === "restored" ? "connected" : current)), 4000);
    return () => clearTimeout(timer);
  }, [connection]);

  const dismissError = useCallback((id: number) => setErrors((current) => current.filter((error) => error.id !== id)), []);

  const value = useMemo<ConnectionStatus>(
    () => ({ connection, isSyncing: status.pending > 0 || status.isPaused, isIdle: status.isIdle, errors, dismissError }),
    [connection, status, errors, dismissError],
  );
  return <ConnectionStatusContext value={value}>{children}</ConnectionStatusContext>;
}

export function useConnectionStatus(): ConnectionStatus {
  const status = useContext(ConnectionStatusContext);
  if (!status) throw new Error("useConnectionStatus must be used inside <RealtimeProvider>");
  return status;
}

function describeError(error: unknown): string {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") return error.message;
  return typeof error === "string" ? error : "something went wrong";
}
