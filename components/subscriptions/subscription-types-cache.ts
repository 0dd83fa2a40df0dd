import type { ChannelRef } from "@/lib/realtime/contract";

export type SubscriptionTypeOption = { id: string; type: string; channelName: string; channelResource: string };

// The tutorial's tip: load the subscription types the first time the settings open, then
// keep them in the browser (wix-storage there, sessionStorage here). We still refresh them
// in the background on each open, so a type an admin adds shows up without a reload.
const STORAGE_KEY = "newsflash:subscription-types:v1";
let memory: SubscriptionTypeOption[] | null = null;

export function readCachedTypes(): SubscriptionTypeOption[] | null {
  if (memory) return memory;
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = parseTypes(JSON.parse(raw));
    memory = parsed;
    return parsed;
  } catch {
    return null;
  }
}

export async function fetchTypes(): Promise<SubscriptionTypeOption[]> {
  const response = await fetch("/api/subscription-types", { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  const types = parseTypes(await response.json());
  if (!types) throw new Error("The server sent something unexpected.");
  memory = types;
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(types));
  } catch {
    // Storage full or disabled: the memory copy still serves this page.
  }
  return types;
}

export function channelOfType(type: SubscriptionTypeOption): ChannelRef {
  return type.channelResource ? { name: type.channelName, resourceId: type.channelResource } : { name: type.channelName };
}

function parseTypes(value: unknown): SubscriptionTypeOption[] | null {
  if (!Array.isArray(value)) return null;
  const types: SubscriptionTypeOption[] = [];
  for (const item of value) {
    if (typeof item !== "object" || item === null) return null;
    const { id, type, channelName, channelResource } = item as Record<string, unknown>;
    if (typeof id !== "string" || typeof type !== "string" || typeof channelName !== "string") return null;
    types.push({ id, type, channelName, channelResource: typeof channelResource === "string" ? channelResource : "" });
  }
  return types;
}
