import type { AuditEventView } from "./list-audit-events";

/** One line for a person reading the admin page: what was done, in words. */
export function describeAuditEvent(event: Pick<AuditEventView, "action" | "target" | "details">): string {
  const details = isRecord(event.details) ? event.details : {};
  const text = (key: string, within?: string) => {
    const source = within === undefined ? details : isRecord(details[within]) ? details[within] : {};
    return typeof source[key] === "string" ? source[key] : "?";
  };
  switch (event.action) {
    case "alert.sent":
      return `Sent alert “${text("text")}” to ${channelList(details.channels)}`;
    case "alert.corrected":
      return `Corrected alert “${text("text", "from")}” to “${text("text", "to")}”`;
    case "alert.retracted":
      return `Retracted alert “${text("text")}”${details.reason ? ` (${text("reason")})` : ""}`;
    case "subscription_type.added":
      return `Added alert type “${text("type")}”`;
    case "subscription_type.renamed":
      return `Renamed alert type “${text("from")}” to “${text("to")}”`;
    case "subscription_type.removed":
      return `Removed alert type “${text("type")}”`;
    case "user.role_changed":
      return `Changed the role of ${text("email")} from ${roleName(text("from"))} to ${roleName(text("to"))}`;
    case "token.created":
      return `Created API token “${text("name")}”`;
    case "token.revoked":
      return `Revoked API token “${text("name")}”`;
    default:
      // An action recorded by a newer version of the app: still show what there is.
      return `${event.action}${event.target ? ` (${event.target})` : ""}`;
  }
}

function channelList(channels: unknown): string {
  if (!Array.isArray(channels) || channels.length === 0) return "?";
  return channels
    .map((channel) => (isRecord(channel) ? [channel.name, channel.resourceId].filter((part) => typeof part === "string").join(":") : "?"))
    .join(", ");
}

function roleName(role: string): string {
  return role === "ADMIN" ? "Admin" : role === "MEMBER" ? "Member" : role;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
