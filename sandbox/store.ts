// Sandbox state: one JSON document persisted under DATA_DIR/sandbox/state.json.
// Writes are atomic (temp file + rename) and debounced; flush() writes at once.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { accountsForProfile, type AccountTemplate, type MfaChallenge } from './profiles';

export const STATE_VERSION = 1;

export interface CustomerRecord {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
  applicationId?: string;
  type: 'testing' | 'active';
  /** epoch seconds */
  createdDate: number;
  lastModifiedDate: number;
}

export interface Birthday {
  year: number;
  month: number;
  dayOfMonth: number;
}

export interface ConsumerRecord {
  id: string;
  customerId: string;
  firstName: string;
  lastName: string;
  address?: string;
  city?: string;
  state: string;
  zip?: string;
  phone?: string;
  email?: string;
  /** digits only; only the last 4 are ever returned */
  ssn?: string;
  birthday?: Birthday;
  suffix?: string;
  endUser?: Record<string, unknown>;
  createdDate: number;
}

export interface InstitutionLoginRecord {
  id: number;
  customerId: string;
  institutionId: number;
  createdDate: number;
  /** the link whose session created it (its webhook receives accountsDeleted) */
  linkId?: string;
  profile?: string;
}

export interface AccountRecord {
  id: string;
  customerId: string;
  institutionId: number;
  institutionLoginId: number;
  realAccountNumber: string;
  name: string;
  type: string;
  balance: number;
  status: 'active' | 'pending';
  aggregationStatusCode?: number;
  currency: string;
  marketSegment: string;
  displayPosition: number;
  /** all dates epoch seconds */
  createdDate: number;
  lastUpdatedDate: number;
  linkedAccountDate: number;
  balanceDate?: number;
  aggregationSuccessDate?: number;
  aggregationAttemptDate?: number;
  oldestTransactionDate?: number;
  lastTransactionDate?: number;
  detail?: Record<string, unknown>;
}

export type LinkKind = 'full' | 'lite' | 'fix' | 'joint' | 'email' | 'email_joint';
export type LinkStatus =
  'generated' | 'opened' | 'in_progress' | 'completed' | 'cancelled' | 'failed';

export interface BorrowerRecord {
  customerId: string;
  consumerId: string;
  type: string;
  optionalConsumerInfo?: Record<string, unknown>;
}

export interface EmailOptions {
  to: string;
  from?: string;
  supportPhone?: string;
  subject?: string;
  firstName?: string;
  institutionName?: string;
  institutionAddress?: string;
  signature?: string[];
}

/** The request options every Connect variant accepts, kept with the link it generated. */
export interface LinkOptions {
  webhook?: string;
  webhookContentType: 'application/json' | 'application/xml';
  webhookData?: Record<string, unknown>;
  webhookHeaders?: Record<string, string>;
  experience?: string;
  language?: string;
  redirectUri?: string;
  singleUseUrl: boolean;
  isHostedInMobileApp?: boolean;
  isWebView?: boolean;
  fromDate?: number;
  institutionSettings?: Record<string, unknown>;
  reportCustomFields?: unknown[];
  optionalConsumerInfo?: Record<string, unknown>;
}

export interface LinkRecord extends LinkOptions {
  /** the link's signature: unique, and what the hosted pages look the link up by */
  id: string;
  kind: LinkKind;
  url: string;
  partnerId: string;
  customerId: string;
  consumerId?: string;
  institutionId?: number;
  institutionLoginId?: string;
  origin: 'url' | 'email';
  /** epoch ms, on the sandbox clock */
  createdAt: number;
  expiresAt: number;
  borrowers?: BorrowerRecord[];
  email?: EmailOptions;
  status: LinkStatus;
  /** set once a session completed on a single-use link */
  used: boolean;
  /** webhook events sent for this link's session, in order */
  events: string[];
  institutionLoginIds: number[];
  failureReason?: string;
}

export interface DeliveryAttempt {
  /** sandbox-clock epoch ms when the attempt was made */
  at: number;
  /** sandbox-clock epoch ms it was due (retry schedule) */
  scheduledAt: number;
  status?: number;
  error?: string;
  ok: boolean;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventType: string;
  linkId?: string;
  customerId?: string;
  url: string;
  contentType: 'application/json' | 'application/xml';
  headers: Record<string, string>;
  body: string;
  createdAt: number;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed';
  /** sandbox-clock epoch ms of the next scheduled attempt */
  nextAttemptAt?: number;
}

export interface MailRecord {
  id: string;
  linkId: string;
  kind: 'email' | 'email_joint';
  to: string;
  from: string;
  subject: string;
  firstName?: string;
  supportPhone?: string;
  institutionName?: string;
  institutionAddress?: string;
  signature: string[];
  link: string;
  customerId: string;
  consumerId?: string;
  createdAt: number;
}

export interface TokenRecord {
  issuedAt: number;
  expiresAt: number;
}

export interface PartnerRecord {
  id: string;
  secret: string;
  /** old secret still accepted until `until` after a non-immediate rotation */
  previousSecret?: { secret: string; until: number };
  failedAttempts: number;
  locked: boolean;
}

/** A screen of the hosted Connect pages. */
export type ConnectScreen =
  | 'landing'
  | 'terms'
  | 'search'
  | 'institution'
  | 'login'
  | 'mfa'
  | 'discovering'
  | 'oauth'
  | 'accounts'
  | 'review'
  | 'joint'
  | 'success'
  | 'failed'
  | 'timeout'
  | 'exited';

/** A message for the Web SDK, queued on the server until the page has posted it. */
export interface SdkMessage {
  seq: number;
  type: string;
  data?: Record<string, unknown>;
  /** top-level field of the `url` message */
  url?: string;
}

/** One person's pass through the hosted Connect pages (a link may be opened many times). */
export interface ConnectSessionRecord {
  /** 32 hex; the only session state the browser holds (in the page URL) */
  id: string;
  linkId: string;
  /** all times sandbox-clock epoch ms */
  createdAt: number;
  lastActivityAt: number;
  /** hard end: SESSION_MAX_MS after the session was authenticated */
  endsAt: number;
  /** set once the session ended; no further action is accepted */
  outcome?: { type: 'done' | 'cancel' | 'error'; data: Record<string, unknown> };
  /** bumped on every screen change so the page can tell it must redraw */
  version: number;
  screen: ConnectScreen;
  /** index into borrowersOf(link) */
  borrowerIndex: number;
  institutionId?: number;
  query?: string;
  page?: number;
  notice?: { title: string; message: string; code?: number };
  signIn?: {
    username: string;
    profile: string;
    accounts: AccountTemplate[];
    mfa?: MfaChallenge;
    mfaUsed?: boolean;
    aggregationStatusAfter?: number;
    /** slow discovery finishes at this sandbox time */
    discoverAt?: number;
  };
  discovered?: { institutionId: number; institutionLoginId: number; accountIds: string[] };
  added: Array<{
    borrowerIndex: number;
    institutionId: number;
    institutionLoginId: number;
    accountIds: string[];
  }>;
  oauth?: {
    status: 'pending' | 'authorized' | 'denied' | 'closed' | 'blocked';
    /** the FI page was opened by the SDK (`url` message) rather than in the Connect window */
    viaSdk: boolean;
    since: number;
    username?: string;
    /** the `url` message is held until this sandbox time (control API `oauth-delay`) */
    urlAt?: number;
    /** the person is back from the institution: `closePopup` is due (before any ending) */
    closeDue?: boolean;
  };
  /** lastActivityAt value for which the inactivity alert was already announced */
  alertedFor?: number;
  /** SDK messages not yet acknowledged by the page */
  outbox: SdkMessage[];
  nextSeq: number;
  /** where a direct-tab session goes when it ends (redirectUri + outcome), if the link has one */
  redirect?: string;
}

export interface SandboxState {
  version: number;
  partner: PartnerRecord;
  linkSecret: string;
  tokens: Record<string, TokenRecord>;
  customers: Record<string, CustomerRecord>;
  consumers: Record<string, ConsumerRecord>;
  institutionLogins: Record<string, InstitutionLoginRecord>;
  accounts: Record<string, AccountRecord>;
  links: Record<string, LinkRecord>;
  connectSessions: Record<string, ConnectSessionRecord>;
  deliveries: DeliveryRecord[];
  mailbox: MailRecord[];
  counters: {
    customer: number;
    institutionLogin: number;
    account: number;
    lastLinkTimestamp: number;
  };
  clockOffsetMs: number;
  /** control API `oauth-delay`: how long an OAuth institution takes to give its sign-in address */
  oauthUrlDelayMs?: number;
}

export interface SeedOptions {
  partnerId: string;
  partnerSecret: string;
  /** sandbox-clock epoch ms used for seeded dates */
  now: number;
}

/** The seeded demo customer: it owns FinBank Profiles - A / profile_03 accounts, as Mastercard's tests expect. */
export const DEMO_CUSTOMER_ID = '1005061234';
export const DEMO_CUSTOMER_USERNAME = 'sandbox_demo_customer';
/** The consumer id Mastercard's ConnectApiTest sends; seeded for the demo customer. */
export const DEMO_CONSUMER_ID = '0bf46322c167b562e6cbed9d40e19a4c';
export const DEMO_INSTITUTION_LOGIN_ID = 1007302745;
export const FINBANK_PROFILES_A = 102105;

export function seedState(options: SeedOptions): SandboxState {
  const seconds = Math.floor(options.now / 1000);
  const state: SandboxState = {
    version: STATE_VERSION,
    partner: {
      id: options.partnerId,
      secret: options.partnerSecret,
      failedAttempts: 0,
      locked: false,
    },
    linkSecret: randomBytes(32).toString('hex'),
    tokens: {},
    customers: {},
    consumers: {},
    institutionLogins: {},
    accounts: {},
    links: {},
    connectSessions: {},
    deliveries: [],
    mailbox: [],
    counters: {
      customer: Number(DEMO_CUSTOMER_ID) + 1,
      institutionLogin: DEMO_INSTITUTION_LOGIN_ID,
      account: 5053253030,
      lastLinkTimestamp: 0,
    },
    clockOffsetMs: 0,
  };
  state.customers[DEMO_CUSTOMER_ID] = {
    id: DEMO_CUSTOMER_ID,
    username: DEMO_CUSTOMER_USERNAME,
    firstName: 'Homer',
    lastName: 'Loanseeke',
    email: 'homer.loanseeke@example.com',
    type: 'testing',
    createdDate: seconds,
    lastModifiedDate: seconds,
  };
  state.consumers[DEMO_CONSUMER_ID] = {
    id: DEMO_CONSUMER_ID,
    customerId: DEMO_CUSTOMER_ID,
    firstName: 'Homer',
    lastName: 'Loanseeke',
    address: '434 W Ascension Way',
    city: 'Murray',
    state: 'UT',
    zip: '84123',
    phone: '6786786786',
    email: 'finicity@test.com',
    ssn: '999601111',
    birthday: { year: 1970, month: 7, dayOfMonth: 4 },
    createdDate: seconds,
  };
  const templates = accountsForProfile(FINBANK_PROFILES_A, 'profile_03') ?? [];
  addInstitutionLogin(state, {
    customerId: DEMO_CUSTOMER_ID,
    institutionId: FINBANK_PROFILES_A,
    templates,
    now: options.now,
    profile: 'profile_03',
  });
  return state;
}

/** Create an institution login with accounts from templates. Accounts start `active` with aggregationStatusCode 0. */
export function addInstitutionLogin(
  state: SandboxState,
  input: {
    customerId: string;
    institutionId: number;
    templates: AccountTemplate[];
    now: number;
    linkId?: string;
    profile?: string;
    status?: 'active' | 'pending';
  },
): { login: InstitutionLoginRecord; accounts: AccountRecord[] } {
  const seconds = Math.floor(input.now / 1000);
  const id = state.counters.institutionLogin++;
  const login: InstitutionLoginRecord = {
    id,
    customerId: input.customerId,
    institutionId: input.institutionId,
    createdDate: seconds,
    linkId: input.linkId,
    profile: input.profile,
  };
  state.institutionLogins[String(id)] = login;
  const accounts = input.templates.map((template, index) => {
    const accountId = String(state.counters.account++);
    const account: AccountRecord = {
      id: accountId,
      customerId: input.customerId,
      institutionId: input.institutionId,
      institutionLoginId: id,
      realAccountNumber: template.number,
      name: template.name,
      type: template.type,
      balance: template.balance,
      status: input.status ?? 'active',
      aggregationStatusCode: input.status === 'pending' ? undefined : 0,
      currency: 'USD',
      marketSegment: template.marketSegment ?? 'personal',
      displayPosition: index + 1,
      createdDate: seconds,
      lastUpdatedDate: seconds,
      linkedAccountDate: seconds,
      balanceDate: seconds,
      aggregationSuccessDate: input.status === 'pending' ? undefined : seconds,
      aggregationAttemptDate: input.status === 'pending' ? undefined : seconds,
      oldestTransactionDate: seconds - 730 * 86400,
      lastTransactionDate: seconds - 86400,
      detail: template.detail,
    };
    state.accounts[accountId] = account;
    return account;
  });
  return { login, accounts };
}

export function newConsumerId(): string {
  return randomBytes(16).toString('hex');
}

export interface Store {
  readonly dir: string;
  state: SandboxState;
  /** schedule an atomic write (debounced) */
  save(): void;
  /** write now, synchronously */
  flush(): void;
  /** replace the state with a fresh seed */
  reset(seed: SandboxState): void;
}

export function createStore(dir: string, makeSeed: () => SandboxState): Store {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'state.json');
  let timer: NodeJS.Timeout | undefined;

  function load(): SandboxState {
    if (existsSync(file)) {
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
        if (parsed && parsed.version === STATE_VERSION) {
          parsed.connectSessions ??= {};
          return parsed;
        }
        console.error(`sandbox: ignoring ${file} (unknown version), starting from the seed`);
      } catch (error) {
        console.error(`sandbox: could not read ${file} (${String(error)}), starting from the seed`);
      }
    }
    return makeSeed();
  }

  const store: Store = {
    dir,
    state: load(),
    save() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        store.flush();
      }, 25);
      timer.unref();
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(tmp, JSON.stringify(store.state));
      renameSync(tmp, file);
    },
    reset(seed) {
      store.state = seed;
      store.flush();
    },
  };
  store.flush();
  return store;
}
