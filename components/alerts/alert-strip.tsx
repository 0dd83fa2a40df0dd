import { needsDarkBackground, safeColor } from "@/lib/alerts/alert";
import { LocalTime } from "./local-time";

export type AlertStripProps = {
  alert: { text: string; color: string; sentAt: string };
  /** Corrected since it was sent: says so beside the time. */
  isUpdated?: boolean;
  onDismiss?: () => void;
  /** The admin's preview: same look, no time yet. */
  isPreview?: boolean;
};

/** One alert's look, shared by the banner's stack and the admin page's preview. */
export function AlertStrip({ alert, isUpdated = false, onDismiss, isPreview = false }: AlertStripProps) {
  const color = safeColor(alert.color);
  const isDark = needsDarkBackground(color);
  const muted = isDark ? "text-slate-300" : "text-slate-600";
  return (
    <div
      className={`flex items-start gap-3 rounded-lg border-l-8 p-4 shadow-sm sm:p-5 ${isDark ? "bg-slate-900" : "bg-white"} ${isPreview ? "" : "motion-safe:animate-banner-in"}`}
      style={{ borderLeftColor: color }}
    >
      <div className="min-w-0 flex-1">
        <p className={`text-xs font-bold uppercase tracking-widest ${isDark ? "text-slate-300" : "text-slate-500"}`}>Breaking news</p>
        {/* Always a text node: alert text is never parsed as HTML. */}
        <p className="mt-1 text-lg font-semibold leading-snug break-words sm:text-xl" style={{ color }}>
          {alert.text}
        </p>
        <p className={`mt-2 flex flex-wrap items-center gap-x-2 text-sm ${muted}`}>
          {isPreview ? "Sent at the time you send it" : <span>Sent <LocalTime iso={alert.sentAt} /></span>}
          {isUpdated ? (
            <span className={`rounded-full px-2 py-0.5 text-xs font-semibold uppercase ${isDark ? "bg-amber-300 text-slate-900" : "bg-amber-100 text-amber-900"}`}>
              Updated
            </span>
          ) : null}
        </p>
      </div>
      {onDismiss ? (
        <button
          type="button"
          onClick={onDismiss}
          className={`shrink-0 rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 ${isDark ? "text-slate-200 hover:bg-slate-800" : "text-slate-700 hover:bg-slate-100"}`}
        >
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
