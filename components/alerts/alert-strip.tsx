import { needsDarkBackground, safeColor } from "@/lib/alerts/alert";
import { LocalTime } from "./local-time";

export type AlertStripProps = {
  alert: { key?: string; text: string; color: string; sentAt: string } | null;
  onDismiss?: () => void;
  /** The admin's preview: same look, but not a live region and not announced. */
  isPreview?: boolean;
};

/** The banner's look, shared by the live banner and the admin page's preview. */
export function AlertStrip({ alert, onDismiss, isPreview = false }: AlertStripProps) {
  const color = safeColor(alert?.color);
  const isDark = needsDarkBackground(color);
  return (
    <div
      hidden={!alert}
      className={`rounded-lg border-l-8 shadow-sm ${isDark ? "bg-slate-900" : "bg-white"} ${alert && !isPreview ? "motion-safe:animate-banner-in" : ""}`}
      style={{ borderLeftColor: color }}
    >
      <div className="flex items-start gap-3 p-4 sm:p-5">
        <div
          // A live region: screen readers announce the alert as it appears (role=alert is assertive).
          role={isPreview ? undefined : "alert"}
          aria-label={isPreview ? undefined : "Breaking news"}
          aria-atomic={isPreview ? undefined : true}
          className="min-w-0 flex-1"
        >
          <p className={`text-xs font-bold uppercase tracking-widest ${isDark ? "text-slate-300" : "text-slate-500"}`}>
            Breaking news
          </p>
          {alert ? (
            <>
              {/* Always a text node: alert text is never parsed as HTML. */}
              <p className="mt-1 text-lg font-semibold leading-snug break-words sm:text-xl" style={{ color }}>
                {alert.text}
              </p>
              <p className={`mt-2 text-sm ${isDark ? "text-slate-300" : "text-slate-600"}`}>
                {isPreview ? "Sent at the time you send it" : <>Sent <LocalTime iso={alert.sentAt} /></>}
              </p>
            </>
          ) : null}
        </div>
        {onDismiss && alert ? (
          <button
            type="button"
            onClick={onDismiss}
            className={`shrink-0 rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 ${isDark ? "text-slate-200 hover:bg-slate-800" : "text-slate-700 hover:bg-slate-100"}`}
          >
            Dismiss
          </button>
        ) : null}
      </div>
    </div>
  );
}
