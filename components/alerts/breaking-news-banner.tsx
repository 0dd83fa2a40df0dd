"use client";

import { useState } from "react";
import type { AlertMessagePayload } from "@/lib/alerts/alert";
import { useReaderAlerts } from "@/components/realtime/use-alert-messages";
import { AlertStrip } from "./alert-strip";

/**
 * The tutorial's breaking-news strip: hidden until an alert arrives on one of the reader's
 * channels; a newer alert replaces the one shown.
 */
export function BreakingNewsBanner() {
  const [alert, setAlert] = useState<AlertMessagePayload | null>(null);

  useReaderAlerts((received) => {
    setAlert((current) => {
      if (!current) return received;
      // Matched by alertId: the same alert again (another channel, or a replay) changes nothing.
      if (current.alertId === received.alertId) return received.revision > current.revision ? received : current;
      return Date.parse(current.sentAt) > Date.parse(received.sentAt) ? current : received;
    });
  });

  return <AlertStrip alert={alert} onDismiss={() => setAlert(null)} />;
}
