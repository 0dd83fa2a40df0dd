"use client";

import { useEffect, useEffectEvent, useRef, useState } from "react";
import {
  activeAlertsFrom,
  applyAlertMessage,
  isDismissed,
  mergeActiveAlerts,
  nextExpiry,
  withoutExpired,
  type ActiveAlert,
  type ActiveAlerts,
} from "@/lib/alerts/active-alerts";
import { useReaderAlerts } from "@/components/realtime/use-alert-messages";
import { AlertStrip } from "./alert-strip";
import { dismissAlert, useDismissals } from "./dismissed-alerts";

export type BreakingNewsBannerProps = {
  /** The reader's active alerts when the server rendered the page. Key the banner by viewer. */
  initialAlerts: ActiveAlert[];
  /** The server's clock then (ISO 8601), to see whether this device's clock can be trusted for expiry. */
  renderedAt: string;
};

/** A device clock off by less than this is trusted: the gap is mostly the page's load time. */
const TRUSTED_CLOCK_SKEW_MS = 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The breaking-news region: every active alert on the reader's channels, newest first, from
 * the server-rendered list and then from messages (a correction updates one in place, a
 * retraction or its expiry removes it). Hidden when there is none to show.
 */
export function BreakingNewsBanner({ initialAlerts, renderedAt }: BreakingNewsBannerProps) {
  const [shown, setShown] = useState(() => ({ source: initialAlerts, state: activeAlertsFrom(initialAlerts) }));
  // The same reader's list again (a refresh, e.g. after saving alert settings): merged, so
  // nothing that arrived live since is undone (react.dev "adjusting state when a prop changes").
  if (shown.source !== initialAlerts) setShown({ source: initialAlerts, state: mergeActiveAlerts(shown.state, initialAlerts) });
  const [expiryChecks, setExpiryChecks] = useState(0);
  const skew = useRef(0);
  const dismissals = useDismissals();

  useEffect(() => {
    const measured = Date.parse(renderedAt) - Date.now();
    skew.current = Math.abs(measured) > TRUSTED_CLOCK_SKEW_MS ? measured : 0;
  }, [renderedAt]);

  const update = (change: (state: ActiveAlerts, now: number) => ActiveAlerts) =>
    setShown((current) => {
      const state = change(current.state, Date.now() + skew.current);
      return state === current.state ? current : { ...current, state };
    });

  useReaderAlerts((alert) => update((state, now) => applyAlertMessage(state, alert, now)));

  // One timer, for the next alert to expire: it removes every alert due, and the next check
  // (a new count, even when a timer fired early and removed nothing) sets the next timer.
  const expiresAt = nextExpiry(shown.state);
  const onExpiryDue = useEffectEvent(() => {
    update(withoutExpired);
    setExpiryChecks((count) => count + 1);
  });
  useEffect(() => {
    if (expiresAt === undefined) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - (Date.now() + skew.current)));
    const timer = setTimeout(onExpiryDue, delay);
    return () => clearTimeout(timer);
  }, [expiresAt, expiryChecks]);

  const visible = shown.state.alerts.filter((alert) => !isDismissed(alert, dismissals));
  return (
    <div hidden={visible.length === 0} className="mb-6">
      {/* A live region: screen readers announce an alert as it is added (role=alert is assertive). */}
      <div role="alert" aria-label="Breaking news" aria-atomic="false">
        <ul className="flex flex-col gap-3">
          {visible.map((alert) => (
            <li key={alert.id}>
              <AlertStrip alert={alert} isUpdated={alert.revision > 1} onDismiss={() => dismissAlert(alert)} />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
