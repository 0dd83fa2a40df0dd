import { enforceLimit } from "@/server/security/enforce-limit";

/** Sending, correcting and retracting share one allowance per sender. */
export function enforceAlertLimit(senderKey: string): Promise<void> {
  return enforceLimit("alertsPerAdmin", senderKey, "You are sending alerts too fast. Wait a moment and send again.");
}
