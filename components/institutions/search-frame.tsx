import type { ComponentPropsWithRef, ReactNode } from 'react';

/**
 * The institution search's markup, shared by the light stand-in that a page loads and the live
 * combobox that replaces it on first use, so the swap changes nothing a person can see.
 */
export function SearchFrame({
  labelProps,
  inputProps,
  statusId,
  status,
  open,
  heading,
  menuProps,
  children,
}: {
  labelProps: ComponentPropsWithRef<'label'>;
  inputProps: ComponentPropsWithRef<'input'>;
  statusId: string;
  status: string;
  open: boolean;
  heading?: string;
  menuProps: ComponentPropsWithRef<'ul'>;
  children?: ReactNode;
}) {
  return (
    <div className="relative">
      <label {...labelProps} className="mb-1 block text-sm font-medium text-slate-800">
        Find your bank or credit union
      </label>
      <input
        {...inputProps}
        aria-describedby={statusId}
        placeholder="For example: FinBank"
        className="w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
      />
      <p
        id={statusId}
        role="status"
        aria-live="polite"
        className="mt-1 min-h-5 text-sm text-slate-700"
      >
        {status}
      </p>
      <div className={open ? 'mt-1 rounded-md border border-slate-300 bg-white shadow-lg' : ''}>
        {heading ? (
          <p
            className="border-b border-slate-200 px-3 py-2 text-xs font-semibold tracking-wide text-slate-600 uppercase"
            aria-hidden="true"
          >
            {heading}
          </p>
        ) : null}
        <ul {...menuProps} className="max-h-96 overflow-y-auto">
          {children}
        </ul>
      </div>
    </div>
  );
}
