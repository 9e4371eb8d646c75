// The institution catalog: the named test institutions plus >10,000 deterministic
// fictional ones, with an in-memory word-prefix index for search.
//
// Search semantics (Decisions box): every word of `search` must match, case-insensitive,
// in any order, as a prefix of a word of the name; an exact name comes first.
import { FINBANK } from './profiles';

export interface CatalogInstitution {
  id: number;
  name: string;
  accountTypeDescription: string;
  class: string;
  oauthEnabled: boolean;
  transAgg: boolean;
  ach: boolean;
  stateAgg: boolean;
  voi: boolean;
  voa: boolean;
  aha: boolean;
  availBalance: boolean;
  accountOwner: boolean;
  studentLoanData: boolean;
  loanPaymentDetails: boolean;
  liabilityData: boolean;
  billPayData: boolean;
  status: 'online' | 'offline' | 'maintenance' | 'testing' | 'beta';
  urlHome: string;
  phone: string;
  email: string;
  timeZone: string;
  city: string;
  state: string;
  postalCode: string;
  addressLine1: string;
  primaryColor: string;
  popular: boolean;
  specialInstructions?: string[];
  rssd: number;
}

export const INSTITUTION_TYPES = [
  'transAgg',
  'ach',
  'stateAgg',
  'voi',
  'voa',
  'aha',
  'availBalance',
  'accountOwner',
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

/** Dark colours: white initials on them keep a contrast ratio above 4.5:1. */
const PALETTE = [
  '#1a4d8f',
  '#0b6e4f',
  '#7a1f5c',
  '#8a3b12',
  '#2d3a8c',
  '#5b2a86',
  '#005f73',
  '#9b2226',
  '#3d405b',
  '#1d3557',
  '#6a040f',
  '#264653',
];

const CITIES: Array<[string, string, string]> = [
  ['Springfield', 'IL', 'America/Chicago'],
  ['Riverside', 'CA', 'America/Los_Angeles'],
  ['Franklin', 'TN', 'America/Chicago'],
  ['Greenville', 'SC', 'America/New_York'],
  ['Bristol', 'CT', 'America/New_York'],
  ['Clinton', 'IA', 'America/Chicago'],
  ['Fairview', 'OR', 'America/Los_Angeles'],
  ['Salem', 'MA', 'America/New_York'],
  ['Madison', 'WI', 'America/Chicago'],
  ['Georgetown', 'TX', 'America/Chicago'],
  ['Arlington', 'VA', 'America/New_York'],
  ['Ashland', 'KY', 'America/New_York'],
  ['Burlington', 'VT', 'America/New_York'],
  ['Dover', 'DE', 'America/New_York'],
  ['Hudson', 'NY', 'America/New_York'],
  ['Jackson', 'MS', 'America/Chicago'],
  ['Lebanon', 'NH', 'America/New_York'],
  ['Manchester', 'NH', 'America/New_York'],
  ['Milford', 'CT', 'America/New_York'],
  ['Newport', 'RI', 'America/New_York'],
  ['Oxford', 'MS', 'America/Chicago'],
  ['Plymouth', 'MN', 'America/Chicago'],
  ['Auburn', 'AL', 'America/Chicago'],
  ['Boulder', 'CO', 'America/Denver'],
  ['Provo', 'UT', 'America/Denver'],
  ['Murray', 'UT', 'America/Denver'],
  ['Ogden', 'UT', 'America/Denver'],
  ['Boise', 'ID', 'America/Boise'],
  ['Billings', 'MT', 'America/Denver'],
  ['Fargo', 'ND', 'America/Chicago'],
  ['Sioux Falls', 'SD', 'America/Chicago'],
  ['Omaha', 'NE', 'America/Chicago'],
  ['Wichita', 'KS', 'America/Chicago'],
  ['Tulsa', 'OK', 'America/Chicago'],
  ['Little Rock', 'AR', 'America/Chicago'],
  ['Baton Rouge', 'LA', 'America/Chicago'],
  ['Mobile', 'AL', 'America/Chicago'],
  ['Savannah', 'GA', 'America/New_York'],
  ['Charleston', 'WV', 'America/New_York'],
  ['Raleigh', 'NC', 'America/New_York'],
  ['Richmond', 'VA', 'America/New_York'],
  ['Annapolis', 'MD', 'America/New_York'],
  ['Trenton', 'NJ', 'America/New_York'],
  ['Scranton', 'PA', 'America/New_York'],
  ['Albany', 'NY', 'America/New_York'],
  ['Portland', 'ME', 'America/New_York'],
  ['Concord', 'NH', 'America/New_York'],
  ['Hartford', 'CT', 'America/New_York'],
  ['Akron', 'OH', 'America/New_York'],
  ['Dayton', 'OH', 'America/New_York'],
  ['Lansing', 'MI', 'America/Detroit'],
  ['Kalamazoo', 'MI', 'America/Detroit'],
  ['Gary', 'IN', 'America/Chicago'],
  ['Peoria', 'IL', 'America/Chicago'],
  ['Duluth', 'MN', 'America/Chicago'],
  ['Des Moines', 'IA', 'America/Chicago'],
  ['Topeka', 'KS', 'America/Chicago'],
  ['Amarillo', 'TX', 'America/Chicago'],
  ['El Paso', 'TX', 'America/Denver'],
  ['Tucson', 'AZ', 'America/Phoenix'],
  ['Flagstaff', 'AZ', 'America/Phoenix'],
  ['Santa Fe', 'NM', 'America/Denver'],
  ['Reno', 'NV', 'America/Los_Angeles'],
  ['Fresno', 'CA', 'America/Los_Angeles'],
  ['Eugene', 'OR', 'America/Los_Angeles'],
  ['Spokane', 'WA', 'America/Los_Angeles'],
  ['Tacoma', 'WA', 'America/Los_Angeles'],
  ['Anchorage', 'AK', 'America/Anchorage'],
  ['Honolulu', 'HI', 'Pacific/Honolulu'],
  ['Cheyenne', 'WY', 'America/Denver'],
  ['Laramie', 'WY', 'America/Denver'],
  ['Pueblo', 'CO', 'America/Denver'],
  ['Lexington', 'KY', 'America/New_York'],
  ['Knoxville', 'TN', 'America/New_York'],
  ['Macon', 'GA', 'America/New_York'],
  ['Tampa', 'FL', 'America/New_York'],
  ['Orlando', 'FL', 'America/New_York'],
  ['Pensacola', 'FL', 'America/Chicago'],
  ['Biloxi', 'MS', 'America/Chicago'],
  ['Shreveport', 'LA', 'America/Chicago'],
];

const PREFIXES = [
  'First',
  'Citizens',
  'Peoples',
  'Farmers',
  'Merchants',
  'Summit',
  'Pioneer',
  'Heritage',
  'Liberty',
  'Cornerstone',
  'Evergreen',
  'Granite',
  'Harbor',
  'Keystone',
  'Frontier',
  'Prairie',
  'Valley',
  'Mountain',
  'Lakeside',
  'Coastal',
  'Union',
  'Security',
  'Guaranty',
  'Home',
  'Horizon',
  'Beacon',
  'Anchor',
  'Sterling',
  'Capitol',
  'Central',
  'Northern',
  'Southern',
  'Western',
  'Eastern',
  'Great Plains',
  'Blue Ridge',
  'Red River',
  'Cedar',
  'Oak',
  'Willow',
];

const SURNAMES = [
  'Hamilton',
  'Whitfield',
  'Carver',
  'Lindqvist',
  'Okafor',
  'Delgado',
  'Nakamura',
  'Brennan',
  'Castillo',
  'Harrington',
  'Abernathy',
  'Montoya',
  'Fitzgerald',
  'Kowalski',
  'Thornton',
  'Vasquez',
  'Whitaker',
  'Yamamoto',
  'Beaumont',
  'Ellison',
];

interface Kind {
  suffix: string;
  cls: string;
  description: string;
}

const KINDS: Kind[] = [
  { suffix: 'Bank', cls: 'banking', description: 'Banking' },
  { suffix: 'Credit Union', cls: 'banking', description: 'Banking' },
  { suffix: 'Federal Credit Union', cls: 'banking', description: 'Banking' },
  { suffix: 'Savings Bank', cls: 'banking', description: 'Banking' },
  { suffix: 'National Bank', cls: 'banking', description: 'Banking' },
  { suffix: 'Bank & Trust', cls: 'banking', description: 'Banking' },
  { suffix: 'Community Bank', cls: 'banking', description: 'Banking' },
  { suffix: 'State Bank', cls: 'banking', description: 'Banking' },
  { suffix: 'Trust Company', cls: 'banking', description: 'Banking' },
  { suffix: 'Investments', cls: 'investments', description: 'Investments' },
  { suffix: 'Wealth Management', cls: 'investments', description: 'Investments' },
  { suffix: 'Retirement Services', cls: 'retirement', description: 'Retirement' },
  { suffix: 'Mortgage', cls: 'mortgage', description: 'Mortgage' },
  { suffix: 'Card Services', cls: 'creditcard', description: 'Credit Card' },
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 40);
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function makeInstitution(
  id: number,
  name: string,
  kind: Kind,
  place: [string, string, string],
  rand: () => number,
  overrides: Partial<CatalogInstitution> = {},
): CatalogInstitution {
  const banking = kind.cls === 'banking';
  const domain = `${slug(name)}.example.com`;
  return {
    id,
    name,
    accountTypeDescription: kind.description,
    class: kind.cls,
    oauthEnabled: rand() < 0.08,
    transAgg: true,
    ach: banking && rand() < 0.9,
    stateAgg: rand() < 0.6,
    voi: banking && rand() < 0.7,
    voa: rand() < 0.85,
    aha: banking && rand() < 0.5,
    availBalance: banking && rand() < 0.85,
    accountOwner: banking && rand() < 0.8,
    studentLoanData: kind.cls === 'mortgage' ? false : rand() < 0.1,
    loanPaymentDetails: kind.cls === 'mortgage' || rand() < 0.2,
    liabilityData: kind.cls === 'creditcard' || kind.cls === 'mortgage' || rand() < 0.2,
    billPayData: banking && rand() < 0.3,
    status: rand() < 0.02 ? 'maintenance' : 'online',
    urlHome: `https://www.${domain}`,
    phone: `${Math.floor(200 + rand() * 700)}-555-${String(Math.floor(rand() * 10000)).padStart(4, '0')}`,
    email: `support@${domain}`,
    timeZone: place[2],
    city: place[0],
    state: place[1],
    postalCode: String(10000 + Math.floor(rand() * 89999)),
    addressLine1: `${Math.floor(1 + rand() * 9800)} ${pick(rand, ['Main', 'Market', 'Center', 'Washington', 'Park', 'Lake', 'Hill'])} ${pick(rand, ['St', 'Ave', 'Blvd', 'Rd'])}`,
    primaryColor: pick(rand, PALETTE),
    popular: false,
    rssd: 100000 + Math.floor(rand() * 4_000_000),
    ...overrides,
  };
}

const UTAH: [string, string, string] = ['Murray', 'UT', 'America/Denver'];
const IOWA: [string, string, string] = ['Des Moines', 'IA', 'America/Chicago'];

function namedInstitutions(rand: () => number): CatalogInstitution[] {
  const bank = KINDS[0] as Kind;
  const finbank = (id: number, name: string, extra: Partial<CatalogInstitution> = {}) =>
    makeInstitution(id, name, bank, UTAH, rand, {
      class: 'testfi',
      accountTypeDescription: 'TestFI',
      oauthEnabled: false,
      transAgg: true,
      ach: true,
      stateAgg: true,
      voi: true,
      voa: true,
      aha: true,
      availBalance: true,
      accountOwner: true,
      status: 'online',
      urlHome: 'https://www.finicity.com',
      email: 'finbank@example.com',
      primaryColor: '#1a4d8f',
      popular: true,
      ...extra,
    });
  return [
    makeInstitution(
      4222,
      'Principal Financial - Retirement (Personal)',
      { suffix: '', cls: 'retirement', description: 'Retirement' },
      IOWA,
      rand,
      {
        oauthEnabled: false,
        transAgg: true,
        voa: true,
        urlHome: 'https://www.principal.com',
        primaryColor: '#005f73',
        status: 'online',
        popular: true,
      },
    ),
    finbank(FINBANK.finbank, 'FinBank', {
      specialInstructions: ['Sign in with user "demo" and password "go".'],
    }),
    finbank(FINBANK.profilesA, 'FinBank Profiles - A', {
      specialInstructions: [
        'Sign in with a profile name, e.g. user "profile_03" and password "profile_03".',
      ],
    }),
    finbank(FINBANK.profilesB, 'FinBank Profiles - B', {
      specialInstructions: [
        'Sign in with a profile name, e.g. user "profile_02" and password "profile_02".',
      ],
    }),
    finbank(FINBANK.oauth, 'FinBank OAuth', { oauthEnabled: true, primaryColor: '#0b6e4f' }),
    finbank(FINBANK.billable, 'FinBank Billable', { popular: false }),
    finbank(FINBANK.m, 'FinBank M', { popular: false }),
    finbank(FINBANK.p, 'FinBank P', { popular: false }),
    finbank(FINBANK.o, 'FinBank O', { popular: false }),
  ];
}

export const CATALOG_SIZE = 10_500;

function generateCatalog(): CatalogInstitution[] {
  const rand = mulberry32(0x5eed2026);
  const list = namedInstitutions(rand);
  const names = new Set(list.map((i) => i.name.toLowerCase()));
  const usedIds = new Set(list.map((i) => i.id));
  let nextId = 200_001;
  let guard = 0;
  while (list.length < CATALOG_SIZE && guard++ < 1_000_000) {
    const place = pick(rand, CITIES);
    const kind = pick(rand, KINDS);
    const pattern = Math.floor(rand() * 5);
    let name: string;
    if (pattern === 0) name = `${place[0]} ${kind.suffix}`;
    else if (pattern === 1) name = `${pick(rand, PREFIXES)} ${kind.suffix} of ${place[0]}`;
    else if (pattern === 2) name = `${pick(rand, PREFIXES)} ${place[0]} ${kind.suffix}`;
    else if (pattern === 3) name = `${pick(rand, SURNAMES)} ${kind.suffix}`;
    else name = `${pick(rand, PREFIXES)} ${pick(rand, SURNAMES)} ${kind.suffix}`;
    if (names.has(name.toLowerCase())) continue;
    names.add(name.toLowerCase());
    while (usedIds.has(nextId)) nextId++;
    const id = nextId;
    usedIds.add(id);
    nextId += 1 + Math.floor(rand() * 6);
    list.push(makeInstitution(id, name, kind, place, rand, { popular: list.length < 14 }));
  }
  return list;
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

export interface SearchQuery {
  search?: string;
  type?: InstitutionType;
  /** 1-based page number */
  start: number;
  limit: number;
}

export interface SearchResult {
  found: number;
  institutions: CatalogInstitution[];
  moreAvailable: boolean;
}

export interface Catalog {
  size: number;
  get(id: number): CatalogInstitution | undefined;
  search(query: SearchQuery): SearchResult;
  popular(): CatalogInstitution[];
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createCatalog(): Catalog {
  const list = generateCatalog();
  // Default order (no search): alphabetical by name, so paging is stable and readable.
  list.sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const byId = new Map(list.map((inst) => [inst.id, inst]));
  const lowerNames = list.map((inst) => tokenize(inst.name).join(' '));
  const postings = new Map<string, number[]>();
  list.forEach((inst, index) => {
    for (const token of new Set(tokenize(inst.name))) {
      const posting = postings.get(token);
      if (posting) posting.push(index);
      else postings.set(token, [index]);
    }
  });
  const tokens = [...postings.keys()].sort();
  const prefixCache = new Map<string, Int32Array>();

  function docsForPrefix(prefix: string): Int32Array {
    const cached = prefixCache.get(prefix);
    if (cached) return cached;
    const seen = new Uint8Array(list.length);
    const docs: number[] = [];
    for (let i = lowerBound(tokens, prefix); i < tokens.length; i++) {
      const token = tokens[i] as string;
      if (!token.startsWith(prefix)) break;
      for (const doc of postings.get(token) ?? []) {
        if (!seen[doc]) {
          seen[doc] = 1;
          docs.push(doc);
        }
      }
    }
    const result = Int32Array.from(docs.sort((a, b) => a - b));
    if (prefixCache.size > 5000) prefixCache.clear();
    prefixCache.set(prefix, result);
    return result;
  }

  function matchAll(words: string[]): number[] {
    const sets = words.map(docsForPrefix).sort((a, b) => a.length - b.length);
    const first = sets[0];
    if (!first) return [];
    if (sets.length === 1) return Array.from(first);
    const counts = new Uint8Array(list.length);
    for (const doc of first) counts[doc] = 1;
    for (let s = 1; s < sets.length; s++) {
      for (const doc of sets[s] as Int32Array) if (counts[doc] === s) counts[doc] = s + 1;
    }
    return Array.from(first).filter((doc) => counts[doc] === sets.length);
  }

  return {
    size: list.length,
    get: (id) => byId.get(id),
    popular: () => list.filter((inst) => inst.popular).slice(0, 8),
    search(query) {
      const words = query.search ? [...new Set(tokenize(query.search))] : [];
      let docs: number[];
      if (words.length === 0) {
        docs = list.map((_, index) => index);
      } else {
        const phrase = words.join(' ');
        const full = tokenize(query.search ?? '').join(' ');
        docs = matchAll(words);
        const rank = (doc: number) => {
          const name = lowerNames[doc] as string;
          if (name === full) return 0;
          if (name.startsWith(full) || name.startsWith(phrase)) return 1;
          if (name.startsWith(words[0] as string)) return 2;
          return 3;
        };
        docs = docs
          .map((doc) => ({ doc, rank: rank(doc) }))
          .sort((a, b) => a.rank - b.rank || a.doc - b.doc)
          .map((entry) => entry.doc);
      }
      if (query.type) {
        const type = query.type;
        docs = docs.filter((doc) => (list[doc] as CatalogInstitution)[type]);
      }
      const offset = (query.start - 1) * query.limit;
      const page = docs
        .slice(offset, offset + query.limit)
        .map((doc) => list[doc] as CatalogInstitution);
      return {
        found: docs.length,
        institutions: page,
        moreAvailable: offset + page.length < docs.length,
      };
    },
  };
}

export function brandingFor(inst: CatalogInstitution, publicUrl: string) {
  const base = `${publicUrl}/assets/institutions/${inst.id}`;
  return {
    logo: `${base}/logo.svg`,
    alternateLogo: `${base}/alternateLogo.svg`,
    icon: `${base}/icon.svg`,
    primaryColor: inst.primaryColor,
    tile: `${base}/tile.svg`,
  };
}

function productionStatus(inst: CatalogInstitution) {
  const s = (on: boolean) => (on ? inst.status : 'offline');
  return {
    overallStatus: inst.status,
    transAgg: s(inst.transAgg),
    voa: s(inst.voa),
    voi: s(inst.voi),
    stateAgg: s(inst.stateAgg),
    ach: s(inst.ach),
    aha: s(inst.aha),
  };
}

/** The Institution object of the spec. */
export function institutionToWire(inst: CatalogInstitution, publicUrl: string) {
  return {
    id: inst.id,
    name: inst.name,
    transAgg: inst.transAgg,
    ach: inst.ach,
    stateAgg: inst.stateAgg,
    voi: inst.voi,
    voa: inst.voa,
    aha: inst.aha,
    availBalance: inst.availBalance,
    accountOwner: inst.accountOwner,
    studentLoanData: inst.studentLoanData,
    loanPaymentDetails: inst.loanPaymentDetails,
    displayName: inst.name,
    liabilityData: inst.liabilityData,
    billPayData: inst.billPayData,
    accountTypeDescription: inst.accountTypeDescription,
    phone: inst.phone,
    urlHomeApp: inst.urlHome,
    urlLogonApp: `${inst.urlHome}/login`,
    oauthEnabled: inst.oauthEnabled,
    urlForgotPassword: `${inst.urlHome}/forgot-password`,
    urlOnlineRegistration: `${inst.urlHome}/enroll`,
    class: inst.class,
    specialText: `Please enter your ${inst.name} username and password.`,
    timeZone: inst.timeZone,
    specialInstructions: inst.specialInstructions ?? [],
    address: {
      city: inst.city,
      state: inst.state,
      country: 'USA',
      postalCode: inst.postalCode,
      addressLine1: inst.addressLine1,
      addressLine2: '',
    },
    currency: 'USD',
    email: inst.email,
    status: inst.status,
    branding: brandingFor(inst, publicUrl),
    productionStatus: productionStatus(inst),
  };
}

/** The CertifiedInstitution object of the spec (optionally with `rssd`). */
export function certifiedInstitutionToWire(inst: CatalogInstitution, withRssd: boolean) {
  return {
    id: inst.id,
    name: inst.name,
    transAgg: inst.transAgg,
    ach: inst.ach,
    stateAgg: inst.stateAgg,
    voi: inst.voi,
    voa: inst.voa,
    aha: inst.aha,
    availBalance: inst.availBalance,
    accountOwner: inst.accountOwner,
    studentLoanData: inst.studentLoanData,
    loanPaymentDetails: inst.loanPaymentDetails,
    liabilityData: inst.liabilityData,
    billPayData: inst.billPayData,
    oauthEnabled: inst.oauthEnabled,
    productionStatus: productionStatus(inst),
    ...(withRssd ? { rssd: inst.rssd } : {}),
  };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function initials(name: string): string {
  const words = tokenize(name).filter((w) => !['of', 'the', 'and'].includes(w));
  return words
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
}

export type AssetVariant = 'logo' | 'alternateLogo' | 'icon' | 'tile';

/** SVG artwork for an institution, served by the sandbox itself. */
export function renderInstitutionSvg(inst: CatalogInstitution, variant: AssetVariant): string {
  const label = escapeXml(inst.name);
  const letters = escapeXml(initials(inst.name));
  const color = inst.primaryColor;
  const head = (w: number, h: number) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${label}"><title>${label}</title>`;
  switch (variant) {
    case 'icon':
      return `${head(64, 64)}<circle cx="32" cy="32" r="32" fill="${color}"/><text x="32" y="40" font-family="Arial, sans-serif" font-size="24" font-weight="700" fill="#ffffff" text-anchor="middle">${letters}</text></svg>`;
    case 'alternateLogo':
      return `${head(240, 64)}<rect width="240" height="64" rx="8" fill="#ffffff" stroke="${color}" stroke-width="2"/><text x="120" y="40" font-family="Arial, sans-serif" font-size="18" font-weight="700" fill="${color}" text-anchor="middle">${escapeXml(inst.name.slice(0, 22))}</text></svg>`;
    case 'tile':
      return `${head(160, 96)}<rect width="160" height="96" rx="10" fill="${color}"/><text x="80" y="46" font-family="Arial, sans-serif" font-size="28" font-weight="700" fill="#ffffff" text-anchor="middle">${letters}</text><text x="80" y="76" font-family="Arial, sans-serif" font-size="11" fill="#ffffff" text-anchor="middle">${escapeXml(inst.name.slice(0, 24))}</text></svg>`;
    case 'logo':
    default:
      return `${head(240, 64)}<rect width="240" height="64" rx="8" fill="${color}"/><text x="120" y="40" font-family="Arial, sans-serif" font-size="18" font-weight="700" fill="#ffffff" text-anchor="middle">${escapeXml(inst.name.slice(0, 22))}</text></svg>`;
  }
}
