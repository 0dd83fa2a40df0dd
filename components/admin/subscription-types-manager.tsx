"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { FieldError } from "@/components/ui/field-error";
import { NETWORK_ERROR, readApiError } from "@/components/ui/api-error";
import { buttonDanger, buttonPrimary, buttonQuiet, buttonSecondary, inputBase, labelBase } from "@/components/ui/styles";

export type ManagedType = { id: string; type: string; channelName: string; channelResource: string };
export type SubscriptionTypesManagerProps = { types: ManagedType[] };

type Mode = { kind: "idle" } | { kind: "rename"; id: string } | { kind: "remove"; id: string };

/**
 * Admins add, rename and remove the alert types members choose from. After each change the
 * page's server data is refreshed, so the send form offers the same list.
 */
export function SubscriptionTypesManager({ types }: SubscriptionTypesManagerProps) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>({ kind: "idle" });
  const [addError, setAddError] = useState<string | undefined>();
  const [rowError, setRowError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [, startTransition] = useTransition();

  async function call(url: string, init: RequestInit): Promise<{ ok: true } | { ok: false; message: string }> {
    try {
      const response = await fetch(url, { ...init, headers: { "Content-Type": "application/json", Accept: "application/json" } });
      if (response.ok) return { ok: true };
      const error = await readApiError(response);
      return { ok: false, message: error.fields.type ?? error.message };
    } catch {
      return { ok: false, message: NETWORK_ERROR };
    }
  }

  function refresh(message: string) {
    setNotice(message);
    startTransition(() => router.refresh());
  }

  async function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const type = String(new FormData(formElement).get("type") ?? "").trim();
    setAddError(undefined);
    setNotice(null);
    setIsBusy(true);
    const result = await call("/api/subscription-types", { method: "POST", body: JSON.stringify({ type }) });
    setIsBusy(false);
    if (!result.ok) {
      setAddError(result.message);
      return;
    }
    formElement.reset();
    refresh(`Added “${type}”.`);
  }

  async function onRename(event: FormEvent<HTMLFormElement>, target: ManagedType) {
    event.preventDefault();
    const type = String(new FormData(event.currentTarget).get("type") ?? "").trim();
    setRowError(undefined);
    setNotice(null);
    setIsBusy(true);
    const result = await call(`/api/subscription-types/${encodeURIComponent(target.id)}`, { method: "PATCH", body: JSON.stringify({ type }) });
    setIsBusy(false);
    if (!result.ok) {
      setRowError(result.message);
      return;
    }
    setMode({ kind: "idle" });
    refresh(`Renamed “${target.type}” to “${type}”.`);
  }

  async function onRemove(target: ManagedType) {
    setRowError(undefined);
    setNotice(null);
    setIsBusy(true);
    const result = await call(`/api/subscription-types/${encodeURIComponent(target.id)}`, { method: "DELETE" });
    setIsBusy(false);
    if (!result.ok) {
      setRowError(result.message);
      return;
    }
    setMode({ kind: "idle" });
    refresh(`Removed “${target.type}”. Members who chose it no longer receive it.`);
  }

  function startMode(next: Mode) {
    setRowError(undefined);
    setNotice(null);
    setMode(next);
  }

  return (
    <section aria-labelledby="types-heading" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
      <h2 id="types-heading" className="text-lg font-bold">
        Alert types
      </h2>
      <p className="mt-1 text-sm text-slate-600">The types members can subscribe to. Removing one also removes it from members&apos; choices.</p>

      <p role="status" className="mt-3 text-sm text-emerald-700 empty:hidden">
        {notice}
      </p>

      <ul className="mt-4 divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Alert types">
        {types.map((type) => {
          const isRenaming = mode.kind === "rename" && mode.id === type.id;
          const isRemoving = mode.kind === "remove" && mode.id === type.id;
          return (
            <li key={type.id} className="flex flex-col gap-2 px-3 py-3 sm:flex-row sm:items-center sm:justify-between">
              {isRenaming ? (
                <form method="post" onSubmit={(event) => onRename(event, type)} className="flex w-full flex-col gap-2 sm:flex-row sm:items-start">
                  <div className="flex-1">
                    <label htmlFor={`rename-${type.id}`} className="sr-only">
                      New name
                    </label>
                    <input
                      id={`rename-${type.id}`}
                      name="type"
                      defaultValue={type.type}
                      autoFocus
                      maxLength={40}
                      aria-invalid={rowError ? true : undefined}
                      aria-describedby={rowError ? `rename-${type.id}-error` : undefined}
                      className={inputBase}
                    />
                    <FieldError id={`rename-${type.id}-error`} message={rowError} />
                  </div>
                  <div className="flex gap-2">
                    <button type="submit" className={buttonPrimary} disabled={isBusy}>
                      Save name
                    </button>
                    <button type="button" className={buttonSecondary} onClick={() => startMode({ kind: "idle" })}>
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <>
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">{type.type}</p>
                    <p className="font-mono text-xs text-slate-500">
                      {type.channelResource ? `${type.channelName}:${type.channelResource}` : type.channelName}
                    </p>
                  </div>
                  {isRemoving ? (
                    <div className="flex flex-col gap-2 sm:items-end">
                      <p className="text-sm text-slate-700">Remove this type for everyone?</p>
                      <div className="flex gap-2">
                        <button type="button" className={buttonDanger} disabled={isBusy} onClick={() => onRemove(type)}>
                          Remove type<span className="sr-only"> {type.type}</span>
                        </button>
                        <button type="button" className={buttonSecondary} onClick={() => startMode({ kind: "idle" })}>
                          Keep it
                        </button>
                      </div>
                      {rowError ? (
                        <p role="alert" className="text-sm text-red-700">
                          {rowError}
                        </p>
                      ) : null}
                    </div>
                  ) : (
                    <div className="flex gap-1">
                      <button type="button" className={buttonQuiet} onClick={() => startMode({ kind: "rename", id: type.id })}>
                        Rename<span className="sr-only"> {type.type}</span>
                      </button>
                      <button type="button" className={`${buttonQuiet} text-red-700 hover:bg-red-50`} onClick={() => startMode({ kind: "remove", id: type.id })}>
                        Remove<span className="sr-only"> {type.type}</span>
                      </button>
                    </div>
                  )}
                </>
              )}
            </li>
          );
        })}
        {types.length === 0 ? <li className="px-3 py-3 text-sm text-slate-600">No alert types yet.</li> : null}
      </ul>

      <form method="post" noValidate onSubmit={onAdd} className="mt-5 flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="new-type" className={labelBase}>
            New alert type
          </label>
          <input
            id="new-type"
            name="type"
            maxLength={40}
            autoComplete="off"
            aria-invalid={addError ? true : undefined}
            aria-describedby={addError ? "new-type-error" : undefined}
            className={`mt-1 ${inputBase}`}
          />
        </div>
        <button type="submit" className={buttonPrimary} disabled={isBusy}>
          Add type
        </button>
      </form>
      <FieldError id="new-type-error" message={addError} />
    </section>
  );
}
