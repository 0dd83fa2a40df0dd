"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { useSetReaderChannels } from "@/components/realtime/realtime-provider";
import { NETWORK_ERROR, readApiError } from "@/components/ui/api-error";
import { CheckboxGrid } from "@/components/ui/checkbox-grid";
import { buttonSecondary } from "@/components/ui/styles";
import { channelOfType, fetchTypes, readCachedTypes, type SubscriptionTypeOption } from "./subscription-types-cache";
import { FormAlert } from "@/components/ui/form-alert";
import { ModalActions, ModalContent } from "@/components/ui/modal";

type LoadState = { status: "loading" } | { status: "ready" } | { status: "failed"; message: string };

/**
 * The tutorial's subscriptions lightbox: the member ticks the alert types they want; Save
 * stores the choice and the page subscribes to added / unsubscribes from removed types at once.
 */
export function AlertSettingsDialog() {
  const setReaderChannels = useSetReaderChannels();
  const router = useRouter();
  const [isOpen, setIsOpen] = useState(false);
  const [types, setTypes] = useState<SubscriptionTypeOption[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [load, setLoad] = useState<LoadState>({ status: "loading" });
  const [isSaving, setIsSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const openCount = useRef(0);

  // Loads on each opening (from the event, not an effect): the cached types at once, then
  // fresh types and the member's saved choice.
  function startLoading() {
    const thisOpen = ++openCount.current;
    const isCurrent = () => openCount.current === thisOpen;
    const cached = readCachedTypes();
    setTypes(cached);
    setSaveError(null);
    setLoad({ status: "loading" });
    const typesRequest = fetchTypes().then(
      (fresh) => {
        if (isCurrent()) setTypes(fresh);
        return fresh;
      },
      (error: unknown) => {
        if (cached) return cached; // the cached list is good enough to choose from
        throw error;
      },
    );
    const chosenRequest = fetch("/api/subscriptions", { headers: { Accept: "application/json" }, cache: "no-store" }).then(
      async (response) => {
        if (!response.ok) throw new Error((await readApiError(response)).message);
        const body = (await response.json()) as { typeIds?: unknown };
        return Array.isArray(body.typeIds) ? body.typeIds.filter((id): id is string => typeof id === "string") : [];
      },
    );
    Promise.all([typesRequest, chosenRequest]).then(
      ([, typeIds]) => {
        if (!isCurrent()) return;
        setSelected(new Set(typeIds));
        setLoad({ status: "ready" });
      },
      (error: unknown) => {
        if (!isCurrent()) return;
        setLoad({ status: "failed", message: error instanceof Error && error.message !== "Failed to fetch" ? error.message : NETWORK_ERROR });
      },
    );
  }

  function onOpenChange(open: boolean) {
    if (!open && isSaving) return; // keep it open until the save has an answer
    setIsOpen(open);
    if (open) {
      setNotice(null);
      startLoading();
    }
  }

  function onToggle(id: string, isChecked: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (isChecked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function onSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!types) return;
    setIsSaving(true);
    setSaveError(null);
    const typeIds = types.filter((type) => selected.has(type.id)).map((type) => type.id);
    try {
      const response = await fetch("/api/subscriptions", {
        method: "PUT",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ typeIds }),
      });
      if (!response.ok) {
        const error = await readApiError(response);
        setSaveError(`Your alert settings were not saved: ${error.message} Nothing was changed.`);
        if (error.code === "invalid_input") void fetchTypes().then(setTypes, () => undefined);
        return;
      }
      const saved = (await response.json()) as { typeIds?: string[] };
      const savedIds = new Set(saved.typeIds ?? typeIds);
      await setReaderChannels(types.filter((type) => savedIds.has(type.id)).map(channelOfType));
      setIsOpen(false);
      setNotice("Alert settings saved");
      // The banner then also shows what is still active on the newly chosen types.
      router.refresh();
    } catch {
      setSaveError(`Your alert settings were not saved: ${NETWORK_ERROR} Nothing was changed.`);
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Dialog.Root open={isOpen} onOpenChange={onOpenChange}>
      <div className="flex items-center gap-2">
        <Dialog.Trigger className={buttonSecondary}>
          <GearIcon />
          Alert settings
        </Dialog.Trigger>
        {notice ? (
          <p role="status" className="text-sm text-emerald-700">
            {notice}
          </p>
        ) : null}
      </div>
      <ModalContent title="Alert subscriptions" description="Choose the breaking-news alerts you want to receive while you are on the site.">
        <form method="post" onSubmit={onSave} className="mt-4 flex flex-col gap-4">
          {load.status === "failed" ? (
            <FormAlert message={`${types ? "Could not load your current choice" : "Could not load the alert types"}: ${load.message}`} />
          ) : null}
          {load.status === "loading" ? (
            <p role="status" className="text-sm text-slate-600">
              Loading your alert settings…
            </p>
          ) : null}
          {types && load.status === "ready" ? (
            types.length === 0 ? (
              <p className="text-sm text-slate-600">There are no alert types yet.</p>
            ) : (
              <fieldset>
                <legend className="sr-only">Alert types</legend>
                <CheckboxGrid options={types.map((type) => ({ key: type.id, label: type.type }))} selected={selected} onToggle={onToggle} />
              </fieldset>
            )
          ) : null}
          <FormAlert message={saveError} />
          <ModalActions isBusy={isSaving} busyText="Saving…" submitLabel="Save" isSubmitDisabled={load.status !== "ready"} />
        </form>
      </ModalContent>
    </Dialog.Root>
  );
}

function GearIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
      <path
        fillRule="evenodd"
        d="M7.84 1.804A1 1 0 0 1 8.82 1h2.36a1 1 0 0 1 .98.804l.331 1.652a6.993 6.993 0 0 1 1.929 1.115l1.598-.54a1 1 0 0 1 1.186.447l1.18 2.044a1 1 0 0 1-.205 1.251l-1.267 1.113a7.047 7.047 0 0 1 0 2.228l1.267 1.113a1 1 0 0 1 .206 1.25l-1.18 2.045a1 1 0 0 1-1.187.447l-1.598-.54a6.993 6.993 0 0 1-1.929 1.115l-.33 1.652a1 1 0 0 1-.98.804H8.82a1 1 0 0 1-.98-.804l-.331-1.652a6.993 6.993 0 0 1-1.929-1.115l-1.598.54a1 1 0 0 1-1.186-.447l-1.18-2.044a1 1 0 0 1 .205-1.251l1.267-1.114a7.05 7.05 0 0 1 0-2.227L1.821 7.773a1 1 0 0 1-.206-1.25l1.18-2.045a1 1 0 0 1 1.187-.447l1.598.54A6.992 6.992 0 0 1 7.51 3.456l.33-1.652ZM10 13a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z"
        clipRule="evenodd"
      />
    </svg>
  );
}
