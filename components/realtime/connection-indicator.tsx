"use client";

import { useConnectionStatus, type ConnectionState } from "./connection-status";

/** Says whether live alerts are flowing, when the connection is lost and when it is back. */
export function ConnectionIndicator() {
  const { connection, isSyncing, isIdle, errors, dismissError } = useConnectionStatus();
  const { label, tone } = describe(connection, isSyncing, isIdle);
  return (
    <div className="flex flex-col items-end gap-2">
      <p role="status" className={`inline-flex items-center gap-2 rounded-full px-3 py-1 text-xs font-medium ${TONES[tone]}`}>
        <span aria-hidden="true" className={`size-2 rounded-full ${DOTS[tone]} ${tone === "ok" ? "motion-safe:animate-pulse" : ""}`} />
        {label}
      </p>
      {errors.length > 0 ? (
        <ul className="flex w-full max-w-sm flex-col gap-2" aria-label="Live connection problems">
          {errors.map((error) => (
            <li key={error.id} role="alert" className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              <span className="flex-1">{error.message}</span>
              <button
                type="button"
                onClick={() => dismissError(error.id)}
                className="rounded px-1 font-medium underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-amber-700"
              >
                Hide
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

type Tone = "ok" | "wait" | "bad";

const TONES: Record<Tone, string> = {
  ok: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200",
  wait: "bg-slate-100 text-slate-700 ring-1 ring-slate-200",
  bad: "bg-red-50 text-red-800 ring-1 ring-red-200",
};
const DOTS: Record<Tone, string> = { ok: "bg-emerald-500", wait: "bg-slate-400", bad: "bg-red-600" };

function describe(connection: ConnectionState, isSyncing: boolean, isIdle: boolean): { label: string; tone: Tone } {
  if (connection === "lost") return { label: "Connection lost. Reconnecting…", tone: "bad" };
  // The client only connects when there is something to listen to.
  if (isIdle) return { label: "No live alerts chosen", tone: "wait" };
  if (connection === "connecting" || isSyncing) return { label: "Connecting to live alerts…", tone: "wait" };
  if (connection === "restored") return { label: "Connection restored. Live", tone: "ok" };
  return { label: "Live", tone: "ok" };
}
