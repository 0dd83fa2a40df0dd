export type FormAlertProps = { message?: string | null; id?: string };

/** A form's own error (not a field's): announced at once by screen readers, hidden when empty. */
export function FormAlert({ message, id }: FormAlertProps) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}
