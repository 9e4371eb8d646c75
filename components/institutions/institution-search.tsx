'use client';

import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useCombobox } from 'downshift';
import { useEffect, useId, useMemo, useState } from 'react';
import type { InstitutionResults, InstitutionSummary } from '@/lib/institutions/types';
import { MIN_SEARCH_LENGTH, SEARCH_DEBOUNCE_MS } from './search-constants';
import { SearchFrame } from './search-frame';
import { InstitutionLogo } from '../ui/institution-logo';

/**
 * Our own institution search for Data Connect Lite: a combobox (Downshift) over
 * GET /api/institutions, loaded on first use (see institution-search-on-demand). Popular institutions before typing; search from 2 characters, debounced;
 * "Show more" is an option of the list so keyboard users reach it like any result.
 */

const SHOW_MORE = { id: -1, name: 'Show more results', url: null, logoUrl: null, oauth: false };

type Option = InstitutionSummary;

async function fetchPage(search: string, page: number): Promise<InstitutionResults> {
  const params = new URLSearchParams({ search, start: String(page) });
  const response = await fetch(`/api/institutions?${params}`);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? 'The search failed. Try again.');
  return body as InstitutionResults;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** What a person typed into the stand-in before this loaded; `selection` is set when focused. */
export interface CarriedOver {
  value: string;
  selection: [start: number, end: number] | null;
}

interface SearchProps {
  onChoose: (institution: InstitutionSummary, input: HTMLElement | null) => void;
  disabled?: boolean;
  carriedOver?: CarriedOver;
}

// This module only ever runs in the browser (it is imported on first use), so one client per page
// load is the whole cache: results stay while the customer comes back to the search.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1 } } });

export function InstitutionSearch(props: SearchProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <Combobox {...props} />
    </QueryClientProvider>
  );
}

function Combobox({ onChoose, disabled, carriedOver }: SearchProps) {
  const [inputValue, setInputValue] = useState(carriedOver?.value ?? '');
  // Pages loaded for the current search term; a new term starts again at page 1.
  const [paging, setPaging] = useState({ term: '', pages: 1 });
  const inputId = useId();
  const typed = inputValue.trim();
  const term = useDebounced(typed.length >= MIN_SEARCH_LENGTH ? typed : '', SEARCH_DEBOUNCE_MS);
  const tooShort = typed.length > 0 && typed.length < MIN_SEARCH_LENGTH;
  const statusId = useId();

  const pages = paging.term === term ? paging.pages : 1;

  const query = useQuery({
    queryKey: ['institutions', term, pages],
    queryFn: async () => {
      const results = await Promise.all(
        Array.from({ length: pages }, (_, i) => fetchPage(term, i + 1)),
      );
      const last = results[results.length - 1]!;
      return {
        institutions: results.flatMap((r) => r.institutions),
        found: last.found,
        moreAvailable: last.moreAvailable,
      };
    },
    placeholderData: (previous) => previous,
    staleTime: 60_000,
  });

  const institutions = useMemo(() => query.data?.institutions ?? [], [query.data]);
  const items: Option[] = useMemo(
    () => (query.data?.moreAvailable ? [...institutions, SHOW_MORE] : institutions),
    [institutions, query.data?.moreAvailable],
  );

  const combobox = useCombobox<Option>({
    inputId,
    items,
    initialInputValue: carriedOver?.value,
    itemToString: (item) => (item ? item.name : ''),
    // Downshift owns the input's value (a controlled value drops keystrokes of fast typists); we
    // search for what was typed, not for the name an option puts in the input when chosen.
    onInputValueChange: ({ inputValue: next, type }) => {
      if (type === useCombobox.stateChangeTypes.InputChange) setInputValue(next ?? '');
    },
    stateReducer: (state, { type, changes }) => {
      const chosen = changes.selectedItem;
      if (
        chosen?.id === SHOW_MORE.id &&
        (type === useCombobox.stateChangeTypes.InputKeyDownEnter ||
          type === useCombobox.stateChangeTypes.ItemClick)
      ) {
        // "Show more" loads the next page and keeps the list open where the new results start
        // (queued: a reducer must not set state while Downshift is dispatching).
        queueMicrotask(() =>
          setPaging((p) => ({ term, pages: (p.term === term ? p.pages : 1) + 1 })),
        );
        return {
          ...changes,
          selectedItem: null,
          isOpen: true,
          highlightedIndex: institutions.length,
          inputValue: state.inputValue,
        };
      }
      return changes;
    },
    onSelectedItemChange: ({ selectedItem }) => {
      if (selectedItem && selectedItem.id !== SHOW_MORE.id)
        onChoose(selectedItem, document.getElementById(inputId));
    },
  });

  // Taking over from the stand-in: focus comes back where it was, which opens the list.
  const carriedSelection = carriedOver?.selection;
  useEffect(() => {
    if (!carriedSelection) return;
    const input = document.getElementById(inputId) as HTMLInputElement | null;
    input?.focus();
    input?.setSelectionRange(...carriedSelection);
  }, [carriedSelection, inputId]);

  const heading = term ? `Results for “${term}”` : 'Popular institutions';
  let status: string;
  if (tooShort) status = `Type at least ${MIN_SEARCH_LENGTH} characters to search.`;
  else if (query.isError) status = (query.error as Error).message;
  else if (query.isPending) status = 'Loading institutions…';
  else if (term && institutions.length === 0) status = `No institutions match “${term}”.`;
  else
    status = term
      ? `${query.data?.found ?? 0} institution${query.data?.found === 1 ? '' : 's'} found, showing ${institutions.length}.`
      : `${institutions.length} popular institutions.`;

  return (
    <SearchFrame
      labelProps={combobox.getLabelProps()}
      inputProps={{
        ...combobox.getInputProps({
          onFocus: (e) => {
            if (e.currentTarget.dataset.focusReturn) {
              delete e.currentTarget.dataset.focusReturn;
              return;
            }
            if (!combobox.isOpen) combobox.openMenu();
          },
        }),
        disabled,
      }}
      statusId={statusId}
      status={status}
      open={combobox.isOpen}
      heading={combobox.isOpen && !tooShort && institutions.length > 0 ? heading : undefined}
      menuProps={combobox.getMenuProps()}
    >
      {combobox.isOpen && !tooShort
        ? items.map((item, index) => {
            const highlighted = combobox.highlightedIndex === index;
            if (item.id === SHOW_MORE.id) {
              return (
                <li
                  key="show-more"
                  {...combobox.getItemProps({ item, index })}
                  className={`cursor-pointer px-3 py-2 text-center text-sm font-medium text-slate-900 underline ${highlighted ? 'bg-slate-100' : ''}`}
                >
                  {query.isFetching ? 'Loading more…' : 'Show more results'}
                </li>
              );
            }
            const host = hostOf(item.url);
            return (
              <li
                key={item.id}
                {...combobox.getItemProps({ item, index })}
                className={`flex cursor-pointer items-center gap-3 px-3 py-2 ${highlighted ? 'bg-slate-100' : ''}`}
              >
                <InstitutionLogo src={item.logoUrl} className="h-8 w-8 rounded" placeholder />
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{item.name}</span>
                  {host ? (
                    <span className="block truncate text-sm text-slate-600">{host}</span>
                  ) : null}
                </span>
                {item.oauth ? (
                  <span className="rounded bg-blue-50 px-2 py-0.5 text-xs font-medium text-blue-900">
                    OAuth<span className="sr-only">: you sign in on the bank’s own page</span>
                  </span>
                ) : null}
              </li>
            );
          })
        : null}
    </SearchFrame>
  );
}
