import { useSyncExternalStore } from "react";
import type { ActiveAlert, Dismissals } from "@/lib/alerts/active-alerts";

// The alerts this device's reader dismissed, by id and revision, kept in localStorage so a
// dismissed alert stays dismissed on the next page and in other tabs. Memory serves when
// storage is off (private modes, quotas).

const STORAGE_KEY = "newsflash:dismissed-alerts:v1";
/** Alerts live an hour by default: the last hundred dismissals are plenty. */
const MAX_KEPT = 100;
const NONE: Dismissals = {};

type Entry = [id: string, revision: number];

const listeners = new Set<() => void>();
let memory: Entry[] = [];
let cache: { raw: string | null; dismissals: Dismissals } | undefined;

function readEntries(): Entry[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((entry): entry is Entry => Array.isArray(entry) && typeof entry[0] === "string" && typeof entry[1] === "number");
  } catch {
    return memory;
  }
}

function getSnapshot(): Dismissals {
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    raw = JSON.stringify(memory);
  }
  // The same object while nothing changed, as useSyncExternalStore requires.
  if (cache?.raw !== raw) cache = { raw, dismissals: Object.fromEntries(readEntries()) };
  return cache.dismissals;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** What this device dismissed; nothing during server rendering and hydration (the server can't know). */
export function useDismissals(): Dismissals {
  return useSyncExternalStore(subscribe, getSnapshot, () => NONE);
}

export function dismissAlert(alert: Pick<ActiveAlert, "id" | "revision">): void {
  const entries = readEntries().filter(([id]) => id !== alert.id);
  entries.push([alert.id, alert.revision]);
  memory = entries.slice(-MAX_KEPT);
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(memory));
  } catch {
    // Storage off or full: remembered for this page only.
  }
  for (const listener of [...listeners]) listener();
}
