export type CheckboxGridProps = {
  /** `hint`: a short note beside the option (e.g. "3 listening"), read as its description. */
  options: { key: string; label: string; hint?: string }[];
  selected: ReadonlySet<string>;
  onToggle: (key: string, checked: boolean) => void;
  className?: string;
};

/** A grid of labelled checkboxes, one per option, each in its own card. */
export function CheckboxGrid({ options, selected, onToggle, className = "" }: CheckboxGridProps) {
  return (
    <ul className={`grid gap-2 sm:grid-cols-2 ${className}`}>
      {options.map((option) => {
        const hintId = option.hint === undefined ? undefined : `checkbox-hint-${option.key}`;
        return (
          <li
            key={option.key}
            className="flex items-center rounded-md border border-slate-200 text-sm text-slate-800 hover:bg-slate-50 has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50"
          >
            {/* The hint stays outside the label: the checkbox's name is the option's label alone. */}
            <label className="flex flex-1 cursor-pointer items-center gap-3 px-3 py-2">
              <input
                type="checkbox"
                className="size-4 accent-sky-700"
                checked={selected.has(option.key)}
                onChange={(event) => onToggle(option.key, event.target.checked)}
                aria-describedby={hintId}
              />
              {option.label}
            </label>
            {hintId ? (
              <span id={hintId} className="shrink-0 pr-3 text-xs tabular-nums text-slate-500">
                {option.hint}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
