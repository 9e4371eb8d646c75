import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog } from './catalog';
import { FINBANK } from './profiles';
import { startTestSandbox, type TestSandbox } from './test-helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.close();
});

const search = (query: string) => t.api('GET', `/institution/v2/institutions?${query}`);
const names = (res: { body: { institutions: Array<{ name: string }> } }) =>
  res.body.institutions.map((i) => i.name);

describe('institution catalog', () => {
  it('holds more than 10,000 deterministic institutions and the named ones', () => {
    const a = createCatalog();
    const b = createCatalog();
    expect(a.size).toBeGreaterThanOrEqual(10_000);
    const first = a.search({ start: 1, limit: 50 }).institutions;
    expect(b.search({ start: 1, limit: 50 }).institutions).toEqual(first);
    expect(a.get(4222)?.name).toBe('Principal Financial - Retirement (Personal)');
    expect(a.get(FINBANK.finbank)?.name).toBe('FinBank');
    expect(a.get(FINBANK.profilesA)?.name).toBe('FinBank Profiles - A');
    expect(a.get(FINBANK.profilesB)?.name).toBe('FinBank Profiles - B');
    expect(a.get(FINBANK.oauth)?.oauthEnabled).toBe(true);
    expect(a.get(FINBANK.billable)?.name).toBe('FinBank Billable');
  });
});

describe('institution search', () => {
  it('lists 25 by default with paging fields', async () => {
    const res = await search('');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      displaying: 25,
      moreAvailable: true,
      createdDate: expect.any(Number),
    });
    expect(res.body.found).toBeGreaterThanOrEqual(10_000);
  });

  it('finds an exact name once, and first', async () => {
    const res = await search(
      `search=${encodeURIComponent('Principal Financial - Retirement (Personal)')}`,
    );
    expect(res.body.found).toBe(1);
    expect(res.body.institutions[0].id).toBe(4222);
    const finbank = await search('search=FinBank');
    expect(names(finbank)[0]).toBe('FinBank');
  });

  it('requires every word, as a case-insensitive prefix, in any order', async () => {
    const ordered = await search('search=finbank%20profiles');
    const reversed = await search('search=PROF%20finb');
    expect(names(ordered).sort()).toEqual(['FinBank Profiles - A', 'FinBank Profiles - B']);
    expect(names(reversed).sort()).toEqual(names(ordered).sort());
    const none = await search('search=finbank%20zzzz');
    expect(none.body).toMatchObject({
      found: 0,
      displaying: 0,
      moreAvailable: false,
      institutions: [],
    });
    const credit = await search('search=credit%20union&limit=100');
    for (const name of names(credit))
      expect(name.toLowerCase()).toMatch(/\bcredit\b.*\bunion\b|\bunion\b.*\bcredit\b/);
    // "bank" must match a word start, never the middle of a word
    const mid = await search('search=ank&limit=1000');
    for (const name of names(mid)) expect(name.toLowerCase()).toMatch(/(^|[^a-z])ank/);
  });

  it('treats start as a 1-based page number', async () => {
    const page1 = await search('limit=3&start=1');
    const page2 = await search('limit=3&start=2');
    const six = await search('limit=6&start=1');
    expect(page2.body).toMatchObject({ displaying: 3, moreAvailable: true });
    expect([...names(page1), ...names(page2)]).toEqual(names(six));
    const last = await search('search=finbank%20profiles&limit=1&start=2');
    expect(last.body).toMatchObject({ found: 2, displaying: 1, moreAvailable: false });
    expect((await search('start=0')).status).toBe(400);
    expect((await search('limit=1001')).status).toBe(400);
  });

  it('filters by type and supported countries', async () => {
    const voi = await search('type=voi&limit=100');
    expect(voi.body.institutions.every((i: { voi: boolean }) => i.voi)).toBe(true);
    expect(voi.body.found).toBeLessThan((await search('')).body.found);
    expect((await search('type=bogus')).status).toBe(400);
    expect((await search('supportedCountries=us')).body.found).toBeGreaterThan(0);
    expect((await search('supportedCountries=ca')).body.found).toBe(0);
  });

  it('serves certified institutions with requestedDate', async () => {
    const res = await t.api('GET', '/institution/v2/certifiedInstitutions?start=2&limit=3');
    expect(res.body).toMatchObject({
      displaying: 3,
      moreAvailable: true,
      requestedDate: expect.any(Number),
    });
    const rssd = await t.api('GET', '/institution/v2/certifiedInstitutions/rssd?limit=25');
    expect(rssd.body.institutions[0].rssd).toEqual(expect.any(Number));
  });
});

describe('institution by id and branding', () => {
  it('gets an institution, its branding, and the SVG assets it points at', async () => {
    const res = await t.api('GET', '/institution/v2/institutions/4222');
    expect(res.body.institution.name).toBe('Principal Financial - Retirement (Personal)');
    const branding = await t.api('GET', '/institution/v2/institutions/4222/branding');
    expect(branding.body.branding).toMatchObject({
      primaryColor: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
    for (const key of ['logo', 'alternateLogo', 'icon', 'tile']) {
      const url = new URL(branding.body.branding[key] as string);
      expect(url.origin).toBe(t.sandbox.ctx.config.publicUrl);
      const asset = await fetch(`${t.url}${url.pathname}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toContain('image/svg+xml');
      expect(await asset.text()).toContain(
        '<title>Principal Financial - Retirement (Personal)</title>',
      );
    }
  });

  it('answers 404 for unknown ids', async () => {
    const res = await t.api('GET', '/institution/v2/institutions/999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 14006, message: 'Institution not found.' });
    expect((await t.api('GET', '/institution/v2/institutions/999/branding')).status).toBe(404);
  });
});
