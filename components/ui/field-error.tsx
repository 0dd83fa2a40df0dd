import { fieldError } from "./styles";

export type FieldErrorProps = { id: string; message?: string };

/** The message for one field, referenced by the field's aria-describedby. */
export function FieldError({ id, message }: FieldErrorProps) {
  if (!message) return null;
  return (
    <p id={id} className={fieldError}>
      {message}
    </p>
  );
}
