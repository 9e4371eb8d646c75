'use client';

import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { InstitutionSummary } from '@/lib/institutions/types';
import type { CarriedOver, InstitutionSearch } from './institution-search';
import { SearchFrame } from './search-frame';

type LiveSearch = typeof InstitutionSearch;

/**
 * The institution search as a page first loads it: the combobox's markup without its code.
 * The live combobox (Downshift, the queries) is fetched when a person points at, focuses or types
 * into the search, and takes over with what they typed, the caret and the focus. A cold page
 * load so transfers only what it shows.
 *
 * The swap waits for the end of the event that caused it (and of any press or IME composition in
 * progress), so no keystroke, click or focus lands on the stand-in as it leaves.
 */
export function InstitutionSearchOnDemand({
  onChoose,
  onUseFullSearch,
  disabled,
}: {
  onChoose: (institution: InstitutionSummary, input: HTMLElement | null) => void;
  onUseFullSearch: (trigger: HTMLElement | null) => void;
  disabled?: boolean;
}) {
  const [live, setLive] = useState<{ Search: LiveSearch; carriedOver: CarriedOver } | null>(null);
  const [failed, setFailed] = useState(false);
  const inputRef = useRef<HTMLInputElement | null>(null);
  const loading = useRef<Promise<void> | null>(null);
  const loaded = useRef<LiveSearch | null>(null);
  const busy = useRef({ pressed: false, composing: false });
  const labelId = useId();
  const inputId = useId();
  const menuId = useId();
  const statusId = useId();

  const swap = useCallback(() => {
    const Search = loaded.current;
    if (!Search || busy.current.pressed || busy.current.composing) return;
    const input = inputRef.current;
    const focused = input !== null && document.activeElement === input;
    const selection: CarriedOver['selection'] = focused
      ? [input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length]
      : null;
    // Synchronous, so nothing typed between reading the value and the swap is lost.
    flushSync(() => setLive({ Search, carriedOver: { value: input?.value ?? '', selection } }));
  }, []);

  const load = useCallback(() => {
    loading.current ??= import('./institution-search').then(
      (module) => {
        loaded.current = module.InstitutionSearch;
        setFailed(false);
        setTimeout(swap, 0);
      },
      () => {
        loading.current = null;
        setFailed(true);
      },
    );
  }, [swap]);

  // A press ends on pointerup wherever the pointer is by then; the click follows in the same task.
  useEffect(() => {
    const release = () => {
      if (!busy.current.pressed) return;
      busy.current.pressed = false;
      setTimeout(swap, 0);
    };
    window.addEventListener('pointerup', release, true);
    window.addEventListener('pointercancel', release, true);
    return () => {
      window.removeEventListener('pointerup', release, true);
      window.removeEventListener('pointercancel', release, true);
    };
  }, [swap]);

  return (
    <>
      {live ? (
        <live.Search onChoose={onChoose} disabled={disabled} carriedOver={live.carriedOver} />
      ) : (
        <div onPointerEnter={load}>
          <SearchFrame
            labelProps={{ id: labelId, htmlFor: inputId }}
            inputProps={{
              ref: inputRef,
              id: inputId,
              role: 'combobox',
              'aria-autocomplete': 'list',
              'aria-expanded': false,
              'aria-controls': menuId,
              'aria-labelledby': labelId,
              autoComplete: 'off',
              disabled,
              onFocus: load,
              onKeyDown: load,
              onInput: load,
              onPointerDown: () => {
                busy.current.pressed = true;
                load();
              },
              onCompositionStart: () => {
                busy.current.composing = true;
              },
              onCompositionEnd: () => {
                busy.current.composing = false;
                setTimeout(swap, 0);
              },
            }}
            statusId={statusId}
            status={
              failed
                ? 'The search could not be loaded. Check your connection, then click the search again.'
                : ''
            }
            open={false}
            menuProps={{ id: menuId, role: 'listbox', 'aria-labelledby': labelId }}
          />
        </div>
      )}
      <p className="mt-3 text-sm text-slate-700">
        Can’t find your bank?{' '}
        <button
          type="button"
          className="font-medium underline"
          onClick={(e) => onUseFullSearch(e.currentTarget)}
          disabled={disabled}
        >
          Use the full search in Connect
        </button>
      </p>
    </>
  );
}
