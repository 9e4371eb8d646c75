import 'server-only';
import { getOpenFinanceClient, type Institution } from '../openfinance';
import type { InstitutionResults, InstitutionSummary } from './types';

export type { InstitutionResults, InstitutionSummary } from './types';

/**
 * Institution search for the Lite flow, with a short in-memory cache: people type the same
 * prefixes, and the popular list is asked for on every page load.
 */

export const INSTITUTION_PAGE_SIZE = 10;
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 500;

const globalForCache = globalThis as unknown as {
  institutionCache?: Map<string, { at: number; value: Promise<InstitutionResults> }>;
};
const cache = (globalForCache.institutionCache ??= new Map());

function toSummary(institution: Institution): InstitutionSummary {
  return {
    id: institution.id,
    name: institution.name,
    url: institution.url ?? null,
    logoUrl: institution.logoUrl ?? institution.iconUrl ?? null,
    oauth: institution.oauth,
  };
}

export function searchInstitutions(query: {
  search: string;
  page: number;
  limit: number;
}): Promise<InstitutionResults> {
  const key = `${query.search.toLowerCase()}|${query.page}|${query.limit}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.value;
  const value = getOpenFinanceClient()
    .searchInstitutions({
      ...(query.search ? { search: query.search } : {}),
      start: query.page,
      limit: query.limit,
    })
    .then((page) => ({
      institutions: page.institutions.map(toSummary),
      found: page.found,
      page: query.page,
      moreAvailable: page.moreAvailable,
    }));
  // Failures are not cached: the next keystroke tries again.
  value.catch(() => cache.delete(key));
  if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: Date.now(), value });
  return value;
}
