import type { AlertMessagePayload, AlertView } from "./alert";

// What the banner shows: the active alerts of one reader, newest first, kept true by folding
// in each message of an alert as it arrives (live or replayed after a reconnect). Pure
// functions over plain data, so the rules are tested without React or a browser.

export type ActiveAlert = Pick<AlertView, "id" | "text" | "color" | "sentAt" | "expiresAt" | "revision">;

export type ActiveAlerts = {
  /** Newest first. */
  alerts: ActiveAlert[];
  /**
   * Retracted alerts, with the revision that retracted them. An alert sent on two channels
   * can be replayed channel by channel after a reconnect, so its "sent" on one may come after
   * its retraction on the other: this keeps it from coming back.
   */
  retracted: Readonly<Record<string, number>>;
};

/** More than a page can usefully stack; the oldest go first. */
export const MAX_ACTIVE_ALERTS = 20;

export const NO_ACTIVE_ALERTS: ActiveAlerts = { alerts: [], retracted: {} };

export function toActiveAlert(alert: Pick<AlertView, keyof ActiveAlert>): ActiveAlert {
  const { id, text, color, sentAt, expiresAt, revision } = alert;
  return { id, text, color, sentAt, expiresAt, revision };
}

export function activeAlertsFrom(alerts: ActiveAlert[]): ActiveAlerts {
  return { alerts: sortNewestFirst(alerts.map(toActiveAlert)).slice(0, MAX_ACTIVE_ALERTS), retracted: {} };
}

/**
 * One message of an alert: matched by `alertId` only; a higher revision replaces a lower one
 * and anything else is old news; "retracted" removes it, as does an expiry already past.
 * Returns `state` itself when nothing changes.
 */
export function applyAlertMessage(state: ActiveAlerts, message: AlertMessagePayload, now: number): ActiveAlerts {
  const { alertId: id, kind, revision } = message;
  const retractedAt = state.retracted[id];
  if (retractedAt !== undefined && retractedAt >= revision) return state;
  const current = state.alerts.find((alert) => alert.id === id);
  if (current && current.revision >= revision) return state;
  if (kind === "retracted") {
    return { alerts: state.alerts.filter((alert) => alert.id !== id), retracted: { ...state.retracted, [id]: revision } };
  }
  if (Date.parse(message.expiresAt) <= now) {
    return current ? { ...state, alerts: state.alerts.filter((alert) => alert.id !== id) } : state;
  }
  const next: ActiveAlert = { id, text: message.text, color: message.color, sentAt: message.sentAt, expiresAt: message.expiresAt, revision };
  const others = state.alerts.filter((alert) => alert.id !== id);
  return { ...state, alerts: sortNewestFirst([next, ...others]).slice(0, MAX_ACTIVE_ALERTS) };
}

/**
 * The server's list again for the same reader (a refresh): each of its alerts counts as a
 * message of that revision, so nothing newer that arrived live is undone, nothing retracted
 * comes back, and what the page has that the list lacks stays (it leaves by message or expiry).
 * Expiry is left to `withoutExpired`: this runs while rendering, where there is no "now".
 */
export function mergeActiveAlerts(state: ActiveAlerts, alerts: ActiveAlert[]): ActiveAlerts {
  return alerts.reduce(
    (merged, alert) => applyAlertMessage(merged, { alertId: alert.id, kind: "sent", ...toActiveAlert(alert) }, Number.NEGATIVE_INFINITY),
    state,
  );
}

export function withoutExpired(state: ActiveAlerts, now: number): ActiveAlerts {
  const alerts = state.alerts.filter((alert) => Date.parse(alert.expiresAt) > now);
  return alerts.length === state.alerts.length ? state : { ...state, alerts };
}

/** When the next alert expires (ms since the epoch), or undefined when none is shown. */
export function nextExpiry(state: ActiveAlerts): number | undefined {
  const times = state.alerts.map((alert) => Date.parse(alert.expiresAt)).filter((time) => !Number.isNaN(time));
  return times.length === 0 ? undefined : Math.min(...times);
}

/** Dismissals are per revision: a correction of a dismissed alert shows again. */
export type Dismissals = Readonly<Record<string, number>>;

export function isDismissed(alert: ActiveAlert, dismissals: Dismissals): boolean {
  const revision = dismissals[alert.id];
  return revision !== undefined && revision >= alert.revision;
}

function sortNewestFirst(alerts: ActiveAlert[]): ActiveAlert[] {
  return alerts.sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
