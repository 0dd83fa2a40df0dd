import { describe, expect, it } from "vitest";
import type { AlertMessagePayload } from "./alert";
import { applyToArchive, withReasons, type ArchivedAlert } from "./archived-alerts";

const VISITORS = { name: "visitors" };
const WEATHER = { name: "members", resourceId: "weather" };
const SENT_AT = "2030-01-01T12:00:00.000Z";

function message(overrides: Partial<AlertMessagePayload> = {}): AlertMessagePayload {
  return { alertId: "a", kind: "sent", text: "Flood warning", color: "#b91c1c", sentAt: SENT_AT, expiresAt: "2030-01-01T13:00:00.000Z", revision: 1, ...overrides };
}

const on = (channel: { name: string; resourceId?: string }, publishedAt = "2030-01-01T12:05:00.000Z") => ({ channel, publishedAt });

describe("archive list", () => {
  it("adds a new alert at the top, marked new, sorted by when it was sent", () => {
    const older: ArchivedAlert = { id: "old", text: "Old", color: "#000000", sentAt: "2030-01-01T11:00:00.000Z", expiresAt: SENT_AT, revision: 1, status: "expired", channels: [VISITORS] };
    const alerts = applyToArchive([older], message(), on(VISITORS));
    expect(alerts.map((alert) => [alert.id, alert.isNew ?? false])).toEqual([
      ["a", true],
      ["old", false],
    ]);
  });

  it("merges the same alert arriving on another channel, and ignores it arriving again", () => {
    let alerts = applyToArchive([], message(), on(VISITORS));
    alerts = applyToArchive(alerts, message(), on(WEATHER));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.channels).toEqual([VISITORS, WEATHER]);
    expect(applyToArchive(alerts, message(), on(WEATHER))).toBe(alerts);
  });

  it("shows the corrected text and when it was corrected; an older revision does not undo it", () => {
    let alerts = applyToArchive([], message(), on(VISITORS));
    alerts = applyToArchive(alerts, message({ kind: "corrected", text: "Flood warning lifted", revision: 2 }), on(VISITORS, "2030-01-01T12:10:00.000Z"));
    alerts = applyToArchive(alerts, message({ revision: 1 }), on(WEATHER));
    expect(alerts[0]).toMatchObject({ text: "Flood warning lifted", revision: 2, status: "active", correctedAt: "2030-01-01T12:10:00.000Z" });
    expect(alerts[0]?.channels).toEqual([VISITORS, WEATHER]);
  });

  it("keeps a retracted alert, marked, and takes its reason once read", () => {
    let alerts = applyToArchive([], message(), on(VISITORS));
    alerts = applyToArchive(alerts, message({ kind: "retracted", revision: 2 }), on(VISITORS, "2030-01-01T12:20:00.000Z"));
    expect(alerts[0]).toMatchObject({ status: "retracted", retractedAt: "2030-01-01T12:20:00.000Z", text: "Flood warning" });
    expect(alerts[0]?.reason).toBeUndefined();

    const withReason = withReasons(alerts, new Map([["a", "Wrong river"]]));
    expect(withReason[0]?.reason).toBe("Wrong river");
    expect(withReasons(withReason, new Map([["a", "Something else"]]))).toBe(withReason);
  });
});
