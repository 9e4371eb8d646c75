'use client';

import { CopyButton } from './copy-button';
import { DateTime } from '../ui/date-time';

/** A URL to hand on: read-only (selectable) input, copy button, expiry. */
export function CopyableUrl({
  id,
  label,
  url,
  expiresAt,
}: {
  id: string;
  label: string;
  url: string;
  expiresAt: string;
}) {
  return (
    <div className="flex flex-col gap-2 rounded-md border border-green-700 bg-green-50 p-3 text-slate-900">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          readOnly
          value={url}
          aria-describedby={`${id}-expiry`}
          className="min-w-0 flex-1 rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm"
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton text={url} label="Copy link" selectId={id} />
      </div>
      <p id={`${id}-expiry`} className="text-sm">
        Expires <DateTime value={expiresAt} />.
      </p>
    </div>
  );
}
