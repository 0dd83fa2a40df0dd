"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { alertTextLength, isHexColor, type SentAlert } from "@/lib/alerts/alert";
import type { ChannelRef } from "@/lib/realtime/contract";
import { AlertStrip } from "@/components/alerts/alert-strip";
import { LocalTime } from "@/components/alerts/local-time";
import { DeliveryReport, type DeliveryRow } from "@/components/admin/delivery-report";
import { useAudience } from "@/components/admin/use-audience";
import { channelKey } from "@/lib/realtime/channel-key";
import { CheckboxGrid } from "@/components/ui/checkbox-grid";
import { FieldError } from "@/components/ui/field-error";
import { NETWORK_ERROR, readApiError } from "@/components/ui/api-error";
import { buttonPrimary, inputBase, labelBase } from "@/components/ui/styles";
import { FormAlert } from "@/components/ui/form-alert";
import { HexColorInput } from "@/components/ui/hex-color-input";

export type ChannelOption = { key: string; label: string; channel: ChannelRef };

export type SendAlertFormProps = { channelOptions: ChannelOption[]; maxLength: number };

type Result = { id: string; sentAt: string; text: string; deliveries: DeliveryRow[] };
type Errors = { text?: string; color?: string; channels?: string; form?: string };

const PRESETS = [
  { name: "Red", color: "#c81e1e" },
  { name: "Orange", color: "#c2410c" },
  { name: "Green", color: "#15803d" },
  { name: "Blue", color: "#1d4ed8" },
  { name: "Purple", color: "#7e22ce" },
  { name: "Black", color: "#111827" },
] as const;

/** The tutorial's admin page: text, colour, channels, send, and who it reached. */
export function SendAlertForm({ channelOptions, maxLength }: SendAlertFormProps) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [color, setColor] = useState<string>(PRESETS[0].color);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [isSending, setIsSending] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [result, setResult] = useState<Result | null>(null);
  const audience = useAudience();

  const count = alertTextLength(text);
  const isTooLong = count > maxLength;
  const isColorValid = isHexColor(color);

  function onToggle(key: string, isChecked: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (isChecked) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSending) return;
    // Only channels still on offer (a type may have been removed meanwhile).
    const chosen = channelOptions.filter((option) => selected.has(option.key));
    setIsSending(true);
    setErrors({});
    setResult(null);
    try {
      const response = await fetch("/api/alerts", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ text, color, channels: chosen.map((option) => option.channel) }),
      });
      if (!response.ok) {
        const error = await readApiError(response);
        const found: Errors = {};
        for (const [field, message] of Object.entries(error.fields)) {
          const name = field.split(".")[0];
          if (name === "text" || name === "color" || name === "channels") found[name] ??= message;
        }
        if (!found.text && !found.color && !found.channels) found.form = error.message;
        setErrors(found);
        return;
      }
      const body = (await response.json()) as SentAlert;
      setResult({
        id: body.alert.id,
        sentAt: body.alert.sentAt,
        text: body.alert.text,
        deliveries: body.deliveries.map((delivery) => ({ ...delivery, delivered: 0 })),
      });
      setText("");
      // The page's server data (the audit log) now has this alert too.
      router.refresh();
    } catch {
      setErrors({ form: NETWORK_ERROR });
    } finally {
      setIsSending(false);
    }
  }

  const labels = new Map(channelOptions.map((option) => [channelKey(option.channel), option.label]));
  const labelOf = (channel: ChannelRef) => labels.get(channelKey(channel)) ?? channelKey(channel);

  return (
    <section aria-labelledby="send-heading" className="grid gap-8 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <h2 id="send-heading" className="sr-only">
        New alert
      </h2>
      <form method="post" noValidate onSubmit={onSubmit} className="flex flex-col gap-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <FormAlert message={errors.form} />

        <div>
          <div className="flex items-baseline justify-between gap-3">
            <label htmlFor="alert-text" className={labelBase}>
              Alert text
            </label>
            <span id="alert-text-count" className={`text-sm tabular-nums ${isTooLong ? "font-semibold text-red-700" : "text-slate-500"}`}>
              {count} / {maxLength}
              {isTooLong ? <span className="sr-only"> characters: too long</span> : <span className="sr-only"> characters</span>}
            </span>
          </div>
          <textarea
            id="alert-text"
            name="text"
            rows={3}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-invalid={errors.text || isTooLong ? true : undefined}
            aria-describedby={["alert-text-count", errors.text ? "alert-text-error" : null].filter(Boolean).join(" ")}
            className={`mt-1 resize-y ${inputBase}`}
          />
          <FieldError id="alert-text-error" message={errors.text} />
        </div>

        <div>
          <label htmlFor="alert-color" className={labelBase}>
            Color
          </label>
          <div className="mt-1 flex flex-wrap items-center gap-3">
            <div className="w-36">
              <HexColorInput
                id="alert-color"
                name="color"
                value={color}
                onChange={setColor}
                isInvalid={Boolean(errors.color) || !isColorValid}
                describedBy={["alert-color-hint", errors.color ? "alert-color-error" : null].filter(Boolean).join(" ")}
              />
            </div>
            <input
              type="color"
              aria-label="Colour picker"
              value={isColorValid ? color.toLowerCase() : "#000000"}
              onChange={(event) => setColor(event.target.value)}
              className="h-10 w-12 cursor-pointer rounded-md border border-slate-300 bg-white p-1"
            />
          </div>
          <p id="alert-color-hint" className="mt-1 text-xs text-slate-500">
            Any colour written as #rrggbb, or a preset:
          </p>
          <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label="Preset colours">
            {PRESETS.map((preset) => (
              <button
                key={preset.name}
                type="button"
                aria-pressed={color.toLowerCase() === preset.color}
                onClick={() => setColor(preset.color)}
                className="inline-flex items-center gap-2 rounded-full border border-slate-300 bg-white px-3 py-1 text-sm text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 aria-pressed:border-slate-900 aria-pressed:ring-1 aria-pressed:ring-slate-900"
              >
                <span aria-hidden="true" className="size-3 rounded-full" style={{ backgroundColor: preset.color }} />
                {preset.name}
              </button>
            ))}
          </div>
          <FieldError id="alert-color-error" message={errors.color} />
        </div>

        <fieldset aria-describedby={errors.channels ? "alert-channels-error" : undefined}>
          <legend className={labelBase}>Send to</legend>
          <CheckboxGrid
            className="mt-2"
            options={channelOptions.map((option) => ({
              ...option,
              hint: audience ? `${audience.get(channelKey(option.channel)) ?? 0} listening` : undefined,
            }))}
            selected={selected}
            onToggle={onToggle}
          />
          <FieldError id="alert-channels-error" message={errors.channels} />
        </fieldset>

        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonPrimary} disabled={isSending}>
            Send alert
          </button>
          <p role="status" className="text-sm text-slate-700">
            {isSending ? (
              <span className="inline-flex items-center gap-2">
                <span aria-hidden="true" className="size-3 rounded-full border-2 border-slate-400 border-t-transparent motion-safe:animate-spin" />
                Sending alert…
              </span>
            ) : result ? (
              `Alert sent to ${result.deliveries.length} ${result.deliveries.length === 1 ? "channel" : "channels"}.`
            ) : null}
          </p>
        </div>
      </form>

      <div className="flex flex-col gap-6">
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Preview
          </h2>
          <div className="mt-2">
            <AlertStrip
              isPreview
              alert={{ text: text.trim() || "Your alert text appears here.", color: isColorValid ? color : "#111827", sentAt: "" }}
            />
          </div>
        </section>
        {result ? (
          <section aria-labelledby="result-heading" className="rounded-xl border border-emerald-200 bg-emerald-50 p-4">
            <h2 id="result-heading" className="font-semibold text-emerald-900">
              Alert sent
            </h2>
            <p className="mt-1 text-sm text-emerald-900">
              <span className="break-words">“{result.text}”</span> at <LocalTime iso={result.sentAt} />
            </p>
            <DeliveryReport key={result.id} alertId={result.id} initial={result.deliveries} labelOf={labelOf} />
          </section>
        ) : null}
      </div>
    </section>
  );
}
