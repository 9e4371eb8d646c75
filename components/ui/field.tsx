import type { InputHTMLAttributes } from 'react';

/** A labelled input with its error text tied to it for screen readers. */
export function Field({
  label,
  name,
  error,
  hint,
  id: idProp,
  ...input
}: {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: string;
} & InputHTMLAttributes<HTMLInputElement>) {
  // An explicit id lets two forms on one page use the same field names.
  const id = idProp ?? `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700"
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
