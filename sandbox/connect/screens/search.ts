// Institution search: popular institutions, then results by name with "Show more results".
import type { SandboxContext } from '../../context';
import { escapeHtml as esc } from '../../mailbox';
import { chooseInstitution, searchInstitutions } from '../../sessions';
import { button, heading, notice, screenPage } from '../markup';
import {
  institutionName,
  push,
  redraw,
  routeFor,
  setScreen,
  textField,
  type Screen,
} from '../steps';

/** Search results per page. */
export const SEARCH_PAGE_SIZE = 10;

function institutionTile(ctx: SandboxContext, id: number): string {
  const inst = ctx.catalog.get(id);
  if (!inst) return '';
  return `<form data-action="choose"><input type="hidden" name="institutionId" value="${inst.id}"><button type="submit" class="tile"><img src="/assets/institutions/${inst.id}/icon.svg" alt="">${esc(inst.name)}</button></form>`;
}

export const search: Screen = {
  render({ ctx, session, borrowerLine }) {
    const query = session.query ?? '';
    let results = '';
    if (query) {
      const page = session.page ?? 1;
      const found = ctx.catalog.search({
        search: query,
        start: 1,
        limit: page * SEARCH_PAGE_SIZE,
      });
      const items = found.institutions
        .map((i) => `<li>${institutionTile(ctx, i.id)}</li>`)
        .join('');
      results = `<h2 id="results-title">Results for “${esc(query)}”</h2><p id="results-count">${found.found} ${found.found === 1 ? 'institution' : 'institutions'} found</p>`;
      results += found.found
        ? `<ul class="list" aria-labelledby="results-title">${items}</ul>`
        : `<p>Check the spelling or try another name.</p>`;
      if (found.moreAvailable) {
        results += `<div class="actions">${button('search', 'Show more results', 'secondary', { query, page: String(page + 1) })}</div>`;
      }
    } else {
      const tiles = ctx.catalog
        .popular()
        .map((i) => `<li>${institutionTile(ctx, i.id)}</li>`)
        .join('');
      results = `<h2 id="popular-title">Popular institutions</h2><ul class="tiles" aria-labelledby="popular-title">${tiles}</ul>`;
    }
    return screenPage(
      'Search for your bank',
      `${heading('Search for your bank')}${borrowerLine}${notice(session)}
<form data-action="search" role="search"><label for="query">Bank name</label><div class="search-row"><input type="search" id="query" name="query" value="${esc(query)}" autocomplete="off" aria-describedby="search-hint"><button type="submit" class="primary">Search</button></div></form>
<p class="muted" id="search-hint">Test Drive: FinBank (user demo, password go), FinBank Profiles - A (profile_03 / profile_03), FinBank OAuth.</p>
${results}
${session.added.length > 0 ? `<div class="actions">${button('back-review', 'Back to review', 'secondary')}</div>` : ''}`,
    );
  },
  actions: {
    search: async ({ ctx, session, link, input, borrower }) => {
      const query = textField(input, 'query').trim().slice(0, 100);
      const page = Math.max(1, Math.min(1000, Number(textField(input, 'page')) || 1));
      if (!query) {
        session.query = undefined;
        session.notice = undefined;
        redraw(session);
        return { invalid: 'Enter the name of your bank.' };
      }
      const found = ctx.catalog.search({ search: query, start: 1, limit: 1 }).found;
      const newQuery = query !== session.query;
      session.query = query;
      session.page = page;
      session.notice = undefined;
      session.version += 1;
      if (newQuery) {
        // A new query: `institutionNotFound` when nothing matches; paging sends nothing.
        await searchInstitutions(ctx, link, query, found, borrower);
        push(session, { type: 'route', data: routeFor(session, link) });
      }
      return {};
    },
    choose: async ({ ctx, session, link, input, borrower }) => {
      const id = Number(textField(input, 'institutionId'));
      if (!Number.isInteger(id) || !ctx.catalog.get(id)) return {};
      const supported = await chooseInstitution(ctx, link, id, borrower);
      if (!supported) {
        session.notice = {
          title: 'Not available',
          message: `${institutionName(ctx, id)} can't be connected right now. Choose another institution.`,
        };
        redraw(session);
        return {};
      }
      session.institutionId = id;
      session.notice = undefined;
      setScreen(session, 'institution', link);
      return {};
    },
    'back-review': ({ session, link }) => {
      if (session.added.some((a) => a.borrowerIndex === session.borrowerIndex)) {
        session.notice = undefined;
        setScreen(session, 'review', link);
      }
      return {};
    },
  },
};
