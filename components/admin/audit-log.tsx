import { LocalTime } from "@/components/alerts/local-time";

export type AuditLogEntry = { id: string; at: string; actorEmail: string; summary: string };
export type AuditLogProps = { entries: AuditLogEntry[]; limit: number };

/** Who did what, and when: the newest admin actions (docs/AUDIT.md). */
export function AuditLog({ entries, limit }: AuditLogProps) {
  return (
    <section aria-labelledby="audit-heading" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
      <h2 id="audit-heading" className="text-lg font-bold">
        Audit log
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        The latest {limit} admin actions, newest first. The whole log: <code className="font-mono text-xs">GET /api/audit</code>.
      </p>
      {entries.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">Nothing recorded yet.</p>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table aria-labelledby="audit-heading" className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-semibold">When</th>
                <th scope="col" className="py-2 pr-4 font-semibold">Who</th>
                <th scope="col" className="py-2 font-semibold">What</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((entry) => (
                <tr key={entry.id} className="align-top">
                  <td className="whitespace-nowrap py-2 pr-4 text-slate-600">
                    <LocalTime iso={entry.at} withDate />
                  </td>
                  <td className="py-2 pr-4 text-slate-900">{entry.actorEmail}</td>
                  <td className="py-2 text-slate-900">{entry.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
