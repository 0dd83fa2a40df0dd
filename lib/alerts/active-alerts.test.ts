import { describe, expect, it } from "vitest";
import type { AlertMessagePayload } from "./alert";
import {
  activeAlertsFrom,
  applyAlertMessage,
  isDismissed,
  mergeActiveAlerts,
  nextExpiry,
  NO_ACTIVE_ALERTS,
  withoutExpired,
  type ActiveAlert,
} from "./active-alerts";

const NOW = Date.parse("2030-01-01T12:00:00Z");
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

function message(overrides: Partial<AlertMessagePayload> & { alertId: string }): AlertMessagePayload {
  return { kind: "sent", text: `Alert ${overrides.alertId}`, color: "#b91c1c", sentAt: at(-10), expiresAt: at(3600), revision: 1, ...overrides };
}

function alert(overrides: Partial<ActiveAlert> & { id: string }): ActiveAlert {
  return { text: `Alert ${overrides.id}`, color: "#b91c1c", sentAt: at(-10), expiresAt: at(3600), revision: 1, ...overrides };
}

const texts = (state: { alerts: ActiveAlert[] }) => state.alerts.map((shown) => shown.text);

describe("active alerts (the banner's list)", () => {
  it("stacks alerts newest first", () => {
    let state = applyAlertMessage(NO_ACTIVE_ALERTS, message({ alertId: "a", text: "older", sentAt: at(-60) }), NOW);
    state = applyAlertMessage(state, message({ alertId: "b", text: "newer", sentAt: at(-5) }), NOW);
    state = applyAlertMessage(state, message({ alertId: "c", text: "middle", sentAt: at(-30) }), NOW);
    expect(texts(state)).toEqual(["newer", "middle", "older"]);
  });

  it("matches by alertId, not text: two alerts with the same words are two alerts", () => {
    let state = applyAlertMessage(NO_ACTIVE_ALERTS, message({ alertId: "a", text: "Same words" }), NOW);
    state = applyAlertMessage(state, message({ alertId: "b", text: "Same words", sentAt: at(-5) }), NOW);
    expect(state.alerts.map((shown) => shown.id)).toEqual(["b", "a"]);
  });

  it("replaces an alert with a higher revision in place, and ignores a lower or equal one", () => {
    let state = applyAlertMessage(NO_ACTIVE_ALERTS, message({ alertId: "a", text: "Wrong fact" }), NOW);
    state = applyAlertMessage(state, message({ alertId: "b", text: "Other", sentAt: at(-20) }), NOW);
    state = applyAlertMessage(state, message({ alertId: "a", kind: "corrected", text: "Right fact", revision: 2 }), NOW);
    expect(texts(state)).toEqual(["Right fact", "Other"]);

    // The same alert on a second channel, or replayed after a reconnect: old news.
    const same = applyAlertMessage(state, message({ alertId: "a", text: "Wrong fact", revision: 1 }), NOW);
    expect(same).toBe(state);
    expect(applyAlertMessage(state, message({ alertId: "a", kind: "corrected", text: "Right fact", revision: 2 }), NOW)).toBe(state);
  });

  it("removes a retracted alert, and an older message of it never brings it back", () => {
    let state = activeAlertsFrom([alert({ id: "a" }), alert({ id: "b", sentAt: at(-20) })]);
    state = applyAlertMessage(state, message({ alertId: "a", kind: "retracted", revision: 2 }), NOW);
    expect(state.alerts.map((shown) => shown.id)).toEqual(["b"]);
    // Replayed channel by channel after a reconnect: its "sent" on another channel comes later.
    expect(applyAlertMessage(state, message({ alertId: "a", revision: 1 }), NOW)).toBe(state);
  });

  it("takes a retraction of an alert it never showed, and later messages of it change nothing", () => {
    const state = applyAlertMessage(NO_ACTIVE_ALERTS, message({ alertId: "a", kind: "retracted", revision: 3 }), NOW);
    expect(state.alerts).toEqual([]);
    expect(applyAlertMessage(state, message({ alertId: "a", kind: "corrected", revision: 2 }), NOW)).toBe(state);
  });

  it("does not show an alert whose expiry has passed, and drops one that expires", () => {
    const expired = applyAlertMessage(NO_ACTIVE_ALERTS, message({ alertId: "a", expiresAt: at(0) }), NOW);
    expect(expired).toBe(NO_ACTIVE_ALERTS);

    let state = activeAlertsFrom([alert({ id: "soon", expiresAt: at(60) }), alert({ id: "later", expiresAt: at(600) })]);
    expect(nextExpiry(state)).toBe(NOW + 60_000);
    expect(withoutExpired(state, NOW + 59_999)).toBe(state);
    state = withoutExpired(state, NOW + 60_000);
    expect(state.alerts.map((shown) => shown.id)).toEqual(["later"]);
    expect(nextExpiry(state)).toBe(NOW + 600_000);
    expect(nextExpiry(withoutExpired(state, NOW + 600_000))).toBeUndefined();
  });

  it("merges the server's list again without undoing what arrived live", () => {
    let state = activeAlertsFrom([alert({ id: "a", text: "first" })]);
    state = applyAlertMessage(state, message({ alertId: "a", kind: "corrected", text: "corrected live", revision: 2 }), NOW);
    state = applyAlertMessage(state, message({ alertId: "gone", sentAt: at(-40) }), NOW);
    state = applyAlertMessage(state, message({ alertId: "gone", kind: "retracted", revision: 2 }), NOW);
    // A list the server rendered before those messages.
    const merged = mergeActiveAlerts(state, [alert({ id: "a", text: "first" }), alert({ id: "gone", sentAt: at(-40) }), alert({ id: "new", text: "new", sentAt: at(-1) })]);
    expect(texts(merged)).toEqual(["new", "corrected live"]);
  });

  it("keeps a dismissal for the revision dismissed: a correction shows the alert again", () => {
    const shown = alert({ id: "a", revision: 1 });
    expect(isDismissed(shown, {})).toBe(false);
    expect(isDismissed(shown, { a: 1 })).toBe(true);
    expect(isDismissed({ ...shown, revision: 2 }, { a: 1 })).toBe(false);
  });
});
