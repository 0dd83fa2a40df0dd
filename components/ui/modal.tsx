"use client";

import * as Dialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import { buttonDanger, buttonPrimary, buttonSecondary } from "./styles";

export type ModalContentProps = { title: string; description: ReactNode; children: ReactNode };

/**
 * A dialog's overlay and panel, titled and described for screen readers; Radix traps focus
 * inside and gives it back to the trigger on close. Goes inside a `Dialog.Root`.
 */
export function ModalContent({ title, description, children }: ModalContentProps) {
  return (
    <Dialog.Portal>
      <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50 motion-safe:animate-fade-in" />
      <Dialog.Content className="fixed inset-x-3 top-[10vh] z-50 mx-auto max-h-[80vh] max-w-md overflow-y-auto rounded-xl bg-white p-5 shadow-2xl focus:outline-none motion-safe:animate-dialog-in sm:p-6">
        <Dialog.Title className="text-lg font-semibold text-slate-900">{title}</Dialog.Title>
        <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description>
        {children}
      </Dialog.Content>
    </Dialog.Portal>
  );
}

export type ModalActionsProps = {
  isBusy: boolean;
  busyText: string;
  submitLabel: string;
  /** Disabled while busy anyway; this adds other reasons (nothing loaded yet...). */
  isSubmitDisabled?: boolean;
  /** A step that can't be undone (a retraction): the submit button says so by its colour. */
  isDanger?: boolean;
};

/** The dialog form's busy notice, then Cancel (which closes the dialog) beside its submit button. */
export function ModalActions({ isBusy, busyText, submitLabel, isSubmitDisabled = false, isDanger = false }: ModalActionsProps) {
  return (
    <>
      {isBusy ? (
        <p role="status" className="text-sm text-slate-600">
          {busyText}
        </p>
      ) : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Dialog.Close type="button" className={buttonSecondary} disabled={isBusy}>
          Cancel
        </Dialog.Close>
        <button type="submit" className={isDanger ? buttonDanger : buttonPrimary} disabled={isBusy || isSubmitDisabled}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
