import { inputBase } from "./styles";

export type HexColorInputProps = {
  id: string;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  isInvalid?: boolean;
  describedBy?: string;
};

/** A colour typed as #rrggbb: monospaced, no autocorrect, spaces dropped as they are typed. */
export function HexColorInput({ id, name, value, onChange, isInvalid = false, describedBy }: HexColorInputProps) {
  return (
    <input
      id={id}
      name={name}
      type="text"
      inputMode="text"
      autoComplete="off"
      spellCheck={false}
      value={value}
      onChange={(event) => onChange(event.target.value.trim())}
      aria-invalid={isInvalid ? true : undefined}
      aria-describedby={describedBy || undefined}
      className={`font-mono ${inputBase}`}
    />
  );
}
