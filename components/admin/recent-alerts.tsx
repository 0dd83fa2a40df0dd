"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { isHexColor, RETRACT_REASON_MAX_LENGTH, safeColor, type AlertView } from "@/lib/alerts/alert";
import { channelKey } from "@/lib/realtime/channel-key";
import { LocalTime } from "@/components/alerts/local-time";
import { NETWORK_ERROR, readApiError } from "@/components/ui/api-error";
import { FieldError } from "@/components/ui/field-error";
import { FormAlert } from "@/components/ui/form-alert";
import { HexColorInput } from "@/components/ui/hex-color-input";
import { ModalActions, ModalContent } from "@/components/ui/modal";
import { buttonSecondary, inputBase, labelBase } from "@/components/ui/styles";

export type RecentAlertsProps = {
  /** The active alerts, newest first, as the server read them for this render. */
  alerts: AlertView[];
  channelLabels: Record<string, string>;
};

type Action = { kind: "correct" | "retract"; alert: AlertView };

/**
 * The admin's active alerts, each with "Correct" (new text or colour, shown in place on every
 * page) and "Retract" (removed from every page, kept in the archive, marked). After either,
 * the page's server data is refreshed, so the list shows what is now true.
 */
export function RecentAlerts({ alerts, channelLabels }: RecentAlertsProps) {
  const router = useRouter();
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  function onDone(message: string) {
    setAction(null);
    setNotice(message);
    startTransition(() => router.refresh());
  }

  return (
    <section aria-labelledby="recent-alerts-heading" className="flex flex-col gap-3">
      <div>
        <h2 id="recent-alerts-heading" className="text-lg font-bold text-slate-900">
          Recent alerts
        </h2>
        <p className="text-sm text-slate-600">Alerts still showing on readers&apos; pages. Correct a wrong fact, or retract the alert.</p>
      </div>
      <p role="status" className="text-sm text-emerald-800">
        {notice}
      </p>
      {alerts.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">No alert is active now.</p>
      ) : (
        <ul aria-labelledby="recent-alerts-heading" className="flex flex-col gap-2">
          {alerts.map((alert) => (
            <li
              key={alert.id}
              className="flex flex-col gap-3 rounded-lg border border-slate-200 border-l-8 bg-white p-4 shadow-sm sm:flex-row sm:items-start"
              style={{ borderLeftColor: safeColor(alert.color) }}
            >
              <div className="min-w-0 flex-1">
                <p className="font-semibold break-words" style={{ color: safeColor(alert.color) }}>
                  {alert.text}
                </p>
                <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
                  <span>
                    Sent <LocalTime iso={alert.sentAt} />
                  </span>
                  <span>{alert.channels.map((channel) => channelLabels[channelKey(channel)] ?? channelKey(channel)).join(", ")}</span>
                  {alert.revision > 1 ? <span className="text-xs font-semibold uppercase text-amber-800">Updated</span> : null}
                </p>
              </div>
              <div className="flex shrink-0 gap-2">
                <button type="button" className={buttonSecondary} onClick={() => setAction({ kind: "correct", alert })}>
                  Correct
                </button>
                <button type="button" className={buttonSecondary} onClick={() => setAction({ kind: "retract", alert })}>
                  Retract
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Dialog.Root open={action !== null} onOpenChange={(isOpen) => (isOpen ? undefined : setAction(null))}>
        {action?.kind === "correct" ? <CorrectAlertForm key={action.alert.id} alert={action.alert} onDone={onDone} /> : null}
        {action?.kind === "retract" ? <RetractAlertForm key={action.alert.id} alert={action.alert} onDone={onDone} /> : null}
      </Dialog.Root>
    </section>
  );
}

type FormProps = { alert: AlertView; onDone: (message: string) => void };
type Errors = { text?: string; color?: string; reason?: string; form?: string };

/** Sends one change of the alert; the API's field errors come back by field, anything else as the form's. */
function useAlertChange(onDone: (message: string) => void) {
  const [errors, setErrors] = useState<Errors>({});
  const [isSaving, setIsSaving] = useState(false);

  async function submit(request: { url: string; method: "PATCH" | "POST"; body: object }, doneMessage: string): Promise<void> {
    setIsSaving(true);
    let found: Errors | null = null;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(request.body),
      });
      if (!response.ok) {
        const error = await readApiError(response);
        found = { text: error.fields.text, color: error.fields.color, reason: error.fields.reason };
        if (!found.text && !found.color && !found.reason) found.form = error.message;
      }
    } catch {
      found = { form: NETWORK_ERROR };
    }
    setIsSaving(false);
    if (found) setErrors(found);
    else onDone(doneMessage);
  }

  return { errors, setErrors, isSaving, submit };
}

function CorrectAlertForm({ alert, onDone }: FormProps) {
  const [text, setText] = useState(alert.text);
  const [color, setColor] = useState(alert.color);
  const { errors, setErrors, isSaving, submit } = useAlertChange(onDone);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Only what changed: an unchanged colour is not a correction of it.
    const change = { ...(text.trim() !== alert.text ? { text } : {}), ...(color.toLowerCase() !== alert.color ? { color } : {}) };
    if (Object.keys(change).length === 0) {
      setErrors({ form: "Change the text or the colour first." });
      return;
    }
    await submit(
      { url: `/api/alerts/${encodeURIComponent(alert.id)}`, method: "PATCH", body: change },
      "Alert corrected. Every page showing it now shows the new version.",
    );
  }

  return (
    <ModalContent title="Correct alert" description="Pages showing this alert update it in place and mark it “Updated”.">
      <form method="post" noValidate onSubmit={onSubmit} className="mt-4 flex flex-col gap-4">
        <FormAlert message={errors.form} />
        <TextAreaField id="correct-text" label="Corrected text" rows={3} value={text} onChange={setText} error={errors.text} />
        <div>
          <label htmlFor="correct-color" className={labelBase}>
            Corrected color
          </label>
          <div className="mt-1 flex items-center gap-3">
            <div className="w-36">
              <HexColorInput
                id="correct-color"
                value={color}
                onChange={setColor}
                isInvalid={Boolean(errors.color)}
                describedBy={errors.color ? "correct-color-error" : undefined}
              />
            </div>
            <span aria-hidden="true" className="size-6 rounded-full border border-slate-300" style={{ backgroundColor: isHexColor(color) ? color : "transparent" }} />
          </div>
          <FieldError id="correct-color-error" message={errors.color} />
        </div>
        <ModalActions isBusy={isSaving} busyText="Saving the correction…" submitLabel="Save correction" />
      </form>
    </ModalContent>
  );
}

function RetractAlertForm({ alert, onDone }: FormProps) {
  const [reason, setReason] = useState("");
  const { errors, isSaving, submit } = useAlertChange(onDone);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await submit(
      { url: `/api/alerts/${encodeURIComponent(alert.id)}/retract`, method: "POST", body: reason.trim() ? { reason } : {} },
      "Alert retracted. It has left every page; the archive keeps it, marked retracted.",
    );
  }

  return (
    <ModalContent
      title="Retract alert"
      description={<>“{alert.text}” leaves every page showing it. The archive keeps it, marked retracted, with your reason.</>}
    >
      <form method="post" noValidate onSubmit={onSubmit} className="mt-4 flex flex-col gap-4">
        <FormAlert message={errors.form} />
        <TextAreaField
          id="retract-reason"
          label="Reason (optional)"
          rows={2}
          maxLength={RETRACT_REASON_MAX_LENGTH}
          value={reason}
          onChange={setReason}
          error={errors.reason}
        />
        <ModalActions isBusy={isSaving} busyText="Retracting…" submitLabel="Confirm retraction" isDanger />
      </form>
    </ModalContent>
  );
}

type TextAreaFieldProps = {
  id: string;
  label: string;
  rows: number;
  maxLength?: number;
  value: string;
  onChange: (value: string) => void;
  error?: string;
};

function TextAreaField({ id, label, rows, maxLength, value, onChange, error }: TextAreaFieldProps) {
  return (
    <div>
      <label htmlFor={id} className={labelBase}>
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        maxLength={maxLength}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`mt-1 resize-y ${inputBase}`}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
