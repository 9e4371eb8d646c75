'use client';

import { useState } from 'react';
import { Button } from '../ui/button';

/**
 * Copies `text` to the clipboard. Where the clipboard is refused (insecure origin, permissions),
 * it selects the text of `selectId` instead and says so, so the person can copy it by hand.
 */
export function CopyButton({
  text,
  label = 'Copy',
  selectId,
}: {
  text: string;
  label?: string;
  selectId?: string;
}) {
  const [message, setMessage] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setMessage('Copied.');
    } catch {
      const input = selectId ? document.getElementById(selectId) : null;
      if (input instanceof HTMLInputElement) input.select();
      setMessage('Copying was refused by the browser; the text is selected, press Ctrl+C.');
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" onClick={() => void copy()}>
        {label}
      </Button>
      <span aria-live="polite" className="text-sm text-slate-700">
        {message}
      </span>
    </span>
  );
}
