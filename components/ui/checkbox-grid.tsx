export type CheckboxGridProps = {
  options: { key: string; label: string }[];
  selected: ReadonlySet<string>;
  onToggle: (key: string, checked: boolean) => void;
  className?: string;
};

/** A grid of labelled checkboxes, one per option; the whole card is the click target. */
export function CheckboxGrid({ options, selected, onToggle, className = "" }: CheckboxGridProps) {
  return (
    <ul className={`grid gap-2 sm:grid-cols-2 ${className}`}>
      {options.map((option) => (
        <li key={option.key}>
          <label className="flex cursor-pointer items-center gap-3 rounded-md border border-slate-200 px-3 py-2 text-sm text-slate-800 hover:bg-slate-50 has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50">
            <input
              type="checkbox"
              className="size-4 accent-sky-700"
              checked={selected.has(option.key)}
              onChange={(event) => onToggle(option.key, event.target.checked)}
            />
            {option.label}
          </label>
        </li>
      ))}
    </ul>
  );
}
