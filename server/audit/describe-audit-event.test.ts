import { describe, expect, it } from "vitest";
import { describeAuditEvent } from "./describe-audit-event";

describe("describeAuditEvent", () => {
  it.each([
    [{ action: "alert.sent", target: "a1", details: { text: "Flood", color: "#000000", channels: [{ name: "visitors" }, { name: "members", resourceId: "weather" }] } }, "Sent alert “Flood” to visitors, members:weather"],
    [{ action: "subscription_type.added", target: "t1", details: { type: "Traffic", channel: "members:traffic" } }, "Added alert type “Traffic”"],
    [{ action: "subscription_type.renamed", target: "t1", details: { from: "Traffic", to: "Roads" } }, "Renamed alert type “Traffic” to “Roads”"],
    [{ action: "subscription_type.removed", target: "t1", details: { type: "Roads" } }, "Removed alert type “Roads”"],
    [{ action: "user.role_changed", target: "u1", details: { email: "ann@example.com", from: "MEMBER", to: "ADMIN" } }, "Changed the role of ann@example.com from Member to Admin"],
    [{ action: "token.created", target: "k1", details: { name: "CMS" } }, "Created API token “CMS”"],
    [{ action: "token.revoked", target: "k1", details: { name: "CMS" } }, "Revoked API token “CMS”"],
    [{ action: "story.published", target: "s1", details: {} }, "story.published (s1)"],
    [{ action: "alert.sent", target: null, details: null }, "Sent alert “?” to ?"],
  ])("%j reads as %s", (event, expected) => {
    expect(describeAuditEvent(event)).toBe(expected);
  });
});
