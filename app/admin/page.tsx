import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ApiTokens } from "@/components/admin/api-tokens";
import { AuditLog } from "@/components/admin/audit-log";
import { RecentAlerts } from "@/components/admin/recent-alerts";
import { SendAlertForm, type ChannelOption } from "@/components/admin/send-alert-form";
import { SubscriptionTypesManager } from "@/components/admin/subscription-types-manager";
import { ALERT_TEXT_MAX_LENGTH, channelFromColumns } from "@/lib/alerts/alert";
import { channelKey } from "@/lib/realtime/channel-key";
import { listAlerts } from "@/server/alerts/list-alerts";
import { visitorsChannel } from "@/server/alerts/site-policy";
import { describeAuditEvent } from "@/server/audit/describe-audit-event";
import { listAuditEvents } from "@/server/audit/list-audit-events";
import { getViewer } from "@/server/news/viewer";
import { listSubscriptionTypes } from "@/server/subscriptions/list-subscription-types";
import { getServices } from "@/server/services";

const AUDIT_ENTRIES_SHOWN = 50;
const ACTIVE_ALERTS_SHOWN = 20;

export const metadata: Metadata = { title: "Send an alert" };

export default async function AdminPage() {
  // Checked here, before any data is read: the page is for admins only.
  const viewer = await getViewer();
  const { user } = viewer;
  if (!user) redirect("/login?next=/admin");
  if (user.role !== "ADMIN") redirect("/");

  const services = getServices();
  const [types, audit, activeAlerts] = await Promise.all([
    listSubscriptionTypes(services),
    listAuditEvents(services, { limit: AUDIT_ENTRIES_SHOWN }),
    listAlerts(services, viewer.subscriber, { limit: ACTIVE_ALERTS_SHOWN, isActiveOnly: true }),
  ]);
  const auditEntries = audit.events.map((event) => ({
    id: event.id,
    at: event.at,
    actorEmail: event.actor.email,
    summary: describeAuditEvent(event),
  }));
  const channelOptions: ChannelOption[] = [
    { key: "visitors", label: "Visitors", channel: visitorsChannel },
    ...types.map((type) => ({
      key: `type-${type.id}`,
      label: type.type,
      channel: channelFromColumns(type.channelName, type.channelResource),
    })),
  ];

  return (
    <div className="flex flex-col gap-10">
      <div>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Send a breaking-news alert</h1>
        <p className="mt-1 text-slate-600">It reaches everyone on the site who listens on the channels you tick.</p>
      </div>
      <SendAlertForm channelOptions={channelOptions} maxLength={ALERT_TEXT_MAX_LENGTH} />
      <RecentAlerts
        alerts={activeAlerts}
        channelLabels={Object.fromEntries(channelOptions.map((option) => [channelKey(option.channel), option.label]))}
      />
      <SubscriptionTypesManager types={types} />
      <ApiTokens />
      <AuditLog entries={auditEntries} limit={AUDIT_ENTRIES_SHOWN} />
    </div>
  );
}
