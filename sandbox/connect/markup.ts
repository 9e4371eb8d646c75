// Pieces of markup more than one screen uses, and what every screen is rendered from.
import type { CatalogInstitution } from '../catalog';
import type { SandboxContext } from '../context';
import { escapeHtml as esc } from '../mailbox';
import { borrowersOf } from '../sessions';
import type { ConnectSessionRecord, LinkRecord } from '../store';

/** What a screen is drawn from: the session, and the institution and borrower it is about. */
export interface ScreenView {
  ctx: SandboxContext;
  session: ConnectSessionRecord;
  link: LinkRecord;
  /** the session's institution, when one is chosen */
  institution: CatalogInstitution | undefined;
  /** its name, or "your institution" */
  institutionName: string;
  /** "Primary borrower" / "Joint borrower" under the heading of joint sessions, else empty */
  borrowerLine: string;
}

/** The content of <main> for the screen, and the document title. */
export interface RenderedScreen {
  title: string;
  html: string;
}

export function screenView(
  ctx: SandboxContext,
  session: ConnectSessionRecord,
  link: LinkRecord,
): ScreenView {
  const institution =
    session.institutionId !== undefined ? ctx.catalog.get(session.institutionId) : undefined;
  const who = borrowerLabel(session, link);
  return {
    ctx,
    session,
    link,
    institution,
    institutionName: institution?.name ?? 'your institution',
    borrowerLine: who ? `<p class="muted" id="borrower">${esc(who)}</p>` : '',
  };
}

function borrowerLabel(session: ConnectSessionRecord, link: LinkRecord): string {
  const list = borrowersOf(link);
  if (list.length < 2) return '';
  return session.borrowerIndex === 0 ? 'Primary borrower' : 'Joint borrower';
}

export function screenPage(title: string, html: string): RenderedScreen {
  return { title: `${title} - Data Connect`, html };
}

/** The screen's one h1; it takes focus on each screen change (hence the tabindex). */
export function heading(text: string): string {
  return `<h1 tabindex="-1">${esc(text)}</h1>`;
}

export function notice(session: ConnectSessionRecord): string {
  const n = session.notice;
  if (!n) return '';
  const code = n.code !== undefined ? ` (${n.code})` : '';
  return `<div class="notice" role="alert" id="notice"><strong>${esc(n.title)}</strong>${esc(n.message)}${esc(code)}</div>`;
}

export function button(
  action: string,
  label: string,
  kind = 'primary',
  hidden: Record<string, string> = {},
) {
  const fields = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return `<form data-action="${esc(action)}">${fields}<button type="submit" class="${kind}">${esc(label)}</button></form>`;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function accountLabel(ctx: SandboxContext, id: string): string {
  const a = ctx.store.state.accounts[id];
  if (!a) return 'Account';
  return `${a.name} ending ${a.realAccountNumber.slice(-4)}, balance ${money.format(a.balance)}`;
}
