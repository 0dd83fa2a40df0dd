import { parseAlertPayload, type AlertMessagePayload } from "@/lib/alerts/alert";
import type { RealtimeMessage } from "@/lib/realtime/contract";

/** An alert message as the browser received it, with the channel it came on. */
export type ReceivedAlert = AlertMessagePayload & { channel: RealtimeMessage["channel"] };

/** Payloads come from the network: drop what isn't an alert. */
export function alertFromMessage(message: RealtimeMessage): ReceivedAlert | null {
  const payload = parseAlertPayload(message.payload);
  return payload ? { ...payload, channel: message.channel } : null;
}
