// The Open Finance API as the portal uses it: authentication, customers, consumers,
// institutions, Connect URL generation and accounts. Codes and messages follow the spec
// and Mastercard's own API tests (aggregation errors carry numeric codes, Connect errors
// string codes with status/user_message/tags, exactly as those tests parse them).
import { randomBytes } from 'node:crypto';
import {
  certifiedInstitutionToWire,
  INSTITUTION_TYPES,
  institutionToWire,
  type InstitutionType,
} from './catalog';
import type { SandboxContext } from './context';
import {
  apiError,
  connectError,
  HttpError,
  json,
  jsonBody,
  noContent,
  type Req,
  type Res,
  type Router,
} from './http';
import { buildLink, EMAIL_LINK_TTL_MS, LINK_TTL_MS } from './links';
import { deleteInstitutionLogin } from './sessions';
import {
  newConsumerId,
  type BorrowerRecord,
  type EmailOptions,
  type LinkKind,
  type LinkOptions,
  type LinkRecord,
} from './store';
import { accountToWire, consumerToWire, customerToWire } from './wire';

export const TOKEN_TTL_MS = 2 * 60 * 60 * 1000;
export const MAX_FAILED_AUTHENTICATIONS = 5;
export const SECRET_GRACE_MS = 30 * 24 * 60 * 60 * 1000;
export const DEFAULT_EMAIL_SUBJECT = 'Verify your Financial Information';
export const DEFAULT_EMAIL_FROM = 'Mastercard Open Finance <no-reply@sandbox.openfinance.example>';

const LOCKED_USER_MESSAGE =
  'The partner account is locked after 5 failed authentication attempts. Reset the sandbox to unlock it.';

// ---------- authentication ----------

export function newToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Header checks shared by every API route: app key always, token unless the route is authentication. */
export function checkCredentials(
  ctx: SandboxContext,
  req: Req,
  needsToken: boolean,
): Res | undefined {
  const appKey = req.headers['finicity-app-key'];
  if (typeof appKey !== 'string' || appKey === '') {
    return apiError(401, 10026, 'Missing parameter (Finicity-App-Key)');
  }
  if (appKey !== ctx.config.appKey) return apiError(401, 10021, 'You are not authorized.');
  if (!needsToken) return undefined;
  const token = req.headers['finicity-app-token'];
  if (typeof token !== 'string' || token === '')
    return apiError(401, 10024, 'Missing parameter (Finicity-App-Token)');
  const record = ctx.store.state.tokens[token];
  if (!record) return apiError(401, 10022, 'Invalid (Finicity-App-Token)');
  if (ctx.clock.now() >= record.expiresAt)
    return apiError(401, 10023, 'Expired (Finicity-App-Token)');
  return undefined;
}

function missing(name: string): Res {
  return apiError(400, 10005, `Missing parameter (${name})`);
}

function partnerNotFound(): Res {
  // The spec types this response as ErrorWrapper while its example is flat; the body carries both
  // shapes so clients reading either one see "partner not found".
  return json(404, {
    code: 12401,
    message: 'partner not found',
    Errors: {
      Error: [
        {
          Source: 'partner',
          ReasonCode: '12401',
          Description: 'partner not found',
          Recoverable: false,
          Details: 'No partner with this partnerId exists.',
        },
      ],
    },
  });
}

/** Verify partner credentials, counting failures toward the lockout. */
function verifyPartner(
  ctx: SandboxContext,
  partnerId: unknown,
  partnerSecret: unknown,
): Res | undefined {
  const partner = ctx.store.state.partner;
  if (typeof partnerId !== 'string' || partnerId === '') return missing('partnerId');
  if (typeof partnerSecret !== 'string' || partnerSecret === '') return missing('partnerSecret');
  if (partnerId !== partner.id) return partnerNotFound();
  if (partner.locked)
    return apiError(401, 10021, 'You are not authorized.', { user_message: LOCKED_USER_MESSAGE });
  const now = ctx.clock.now();
  const previousOk =
    partner.previousSecret !== undefined &&
    partner.previousSecret.until > now &&
    partner.previousSecret.secret === partnerSecret;
  if (partnerSecret !== partner.secret && !previousOk) {
    partner.failedAttempts += 1;
    if (partner.failedAttempts >= MAX_FAILED_AUTHENTICATIONS) partner.locked = true;
    ctx.store.save();
    return apiError(401, 10001, 'Invalid credentials');
  }
  partner.failedAttempts = 0;
  return undefined;
}

const SECRET_POLICY = /^[A-Za-z0-9!@#$%&*_\-+]{12,255}$/;

function registerAuthentication(router: Router, ctx: SandboxContext): void {
  const path = '/aggregation/v2/partners/authentication';
  router.add(
    'POST',
    path,
    (req) => {
      const body = jsonBody(req);
      const error = verifyPartner(ctx, body.partnerId, body.partnerSecret);
      if (error) return error;
      const now = ctx.clock.now();
      const token = newToken();
      const tokens = ctx.store.state.tokens;
      for (const [key, record] of Object.entries(tokens))
        if (record.expiresAt <= now) delete tokens[key];
      tokens[token] = { issuedAt: now, expiresAt: now + TOKEN_TTL_MS };
      ctx.store.save();
      return json(200, { token });
    },
    { auth: 'appKey' },
  );
  router.add(
    'PUT',
    path,
    (req) => {
      const body = jsonBody(req);
      if (typeof body.newPartnerSecret !== 'string' || body.newPartnerSecret === '') {
        if (typeof body.partnerId === 'string' && typeof body.partnerSecret === 'string')
          return missing('newPartnerSecret');
      }
      const error = verifyPartner(ctx, body.partnerId, body.partnerSecret);
      if (error) return error;
      const next = body.newPartnerSecret;
      if (typeof next !== 'string' || next === '') return missing('newPartnerSecret');
      if (!SECRET_POLICY.test(next) || !/[A-Za-z]/.test(next) || !/[0-9]/.test(next)) {
        return apiError(400, 24437, 'New password is not as per policy');
      }
      const partner = ctx.store.state.partner;
      const immediate = body.immediate !== false;
      partner.previousSecret = immediate
        ? undefined
        : { secret: partner.secret, until: ctx.clock.now() + SECRET_GRACE_MS };
      partner.secret = next;
      ctx.store.save();
      return noContent();
    },
    { auth: 'appKey' },
  );
}

// ---------- customers ----------

const USERNAME_POLICY = /^[A-Za-z0-9!@.#$%&*_\-+]{6,255}$/;
const NAME_CHARS = /^[\p{L}\p{M}0-9 '.,_\-]*$/u;

function customerNotFound(): Res {
  return apiError(404, 14001, 'Customer not found.');
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(apiError(400, 14020, 'Bad request.'));
  return value;
}

function parsePositiveInt(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}

function registerCustomers(router: Router, ctx: SandboxContext): void {
  const state = () => ctx.store.state;

  const addCustomer = (type: 'testing' | 'active') => (req: Req) => {
    const body = jsonBody(req);
    if (type === 'active') {
      // Billable customers cannot be created from Test Drive; the sandbox behaves the same way.
      return apiError(401, 10021, 'You are not authorized.', {
        user_message:
          'Active (billable) customers are not available in the sandbox, as in Test Drive.',
      });
    }
    const username = body.username;
    if (username === undefined || username === null || username === '') return missing('username');
    if (typeof username !== 'string' || !USERNAME_POLICY.test(username)) {
      return apiError(400, 110039, 'Username is not as per the policy.');
    }
    const firstName = optionalString(body, 'firstName');
    const lastName = optionalString(body, 'lastName');
    if (!NAME_CHARS.test(firstName ?? '') || !NAME_CHARS.test(lastName ?? '')) {
      return apiError(400, 45003, 'Invalid character in name fields.');
    }
    const taken = Object.values(state().customers).some(
      (c) => c.username.toLowerCase() === username.toLowerCase(),
    );
    if (taken) return apiError(409, 110002, 'Username is not available.');
    const seconds = Math.floor(ctx.clock.now() / 1000);
    const id = String(state().counters.customer++);
    state().customers[id] = {
      id,
      username,
      firstName,
      lastName,
      phone: optionalString(body, 'phone'),
      email: optionalString(body, 'email'),
      applicationId: optionalString(body, 'applicationId'),
      type,
      createdDate: seconds,
      lastModifiedDate: seconds,
    };
    ctx.store.save();
    return json(201, { id, username, createdDate: seconds });
  };

  router.add('POST', '/aggregation/v2/customers/testing', addCustomer('testing'));
  router.add('POST', '/aggregation/v2/customers/active', addCustomer('active'));

  router.add('GET', '/aggregation/v1/customers', (req) => {
    const start = parsePositiveInt(req.query.get('start'), 1);
    const limit = parsePositiveInt(req.query.get('limit'), 25);
    if (start === undefined || start < 1)
      return apiError(400, 41003, 'Start index cannot be less than one.');
    if (limit === undefined || limit < 1)
      return apiError(400, 41004, 'Limit cannot be less than one.');
    const username = req.query.get('username');
    const type = req.query.get('type');
    const search = req.query.get('search')?.trim().toLowerCase();
    let list = Object.values(state().customers);
    if (username) list = list.filter((c) => c.username === username);
    if (type) list = list.filter((c) => c.type === type);
    if (search) {
      list = list.filter((c) => {
        const names = [
          c.username,
          c.firstName ?? '',
          c.lastName ?? '',
          `${c.firstName ?? ''} ${c.lastName ?? ''}`,
        ];
        return names.some((n) => n.toLowerCase().includes(search));
      });
    }
    list.sort((a, b) => a.createdDate - b.createdDate || a.id.localeCompare(b.id));
    const page = list.slice(start - 1, start - 1 + Math.min(limit, 1000));
    return json(200, {
      found: list.length,
      displaying: page.length,
      moreAvailable: start - 1 + page.length < list.length,
      customers: page.map((c) => customerToWire(c)),
    });
  });

  router.add('GET', '/aggregation/v1/customers/{customerId}', (req) => {
    const customer = state().customers[req.params.customerId ?? ''];
    if (!customer) return customerNotFound();
    return json(200, customerToWire(customer, true));
  });

  router.add('GET', '/aggregation/v1/customers/{customerId}/application', (req) => {
    const customer = state().customers[req.params.customerId ?? ''];
    if (!customer) return customerNotFound();
    if (!customer.applicationId)
      return apiError(404, 50051, 'No registered partner applications found.');
    return json(200, {
      ...customerToWire(customer, true),
      firstName: customer.firstName ?? '',
      lastName: customer.lastName ?? '',
      applicationName: 'Sandbox Test Application',
    });
  });

  router.add('PUT', '/aggregation/v1/customers/{customerId}', (req) => {
    const customer = state().customers[req.params.customerId ?? ''];
    if (!customer) return customerNotFound();
    const body = jsonBody(req);
    const firstName = optionalString(body, 'firstName');
    const lastName = optionalString(body, 'lastName');
    if (!NAME_CHARS.test(firstName ?? '') || !NAME_CHARS.test(lastName ?? '')) {
      return apiError(400, 45003, 'Invalid character in name fields.');
    }
    if (firstName !== undefined) customer.firstName = firstName;
    if (lastName !== undefined) customer.lastName = lastName;
    customer.lastModifiedDate = Math.floor(ctx.clock.now() / 1000);
    ctx.store.save();
    return noContent();
  });

  router.add('DELETE', '/aggregation/v1/customers/{customerId}', async (req) => {
    const id = req.params.customerId ?? '';
    if (!state().customers[id]) return customerNotFound();
    for (const login of Object.values(state().institutionLogins)) {
      if (login.customerId === id) delete state().institutionLogins[String(login.id)];
    }
    for (const account of Object.values(state().accounts)) {
      if (account.customerId === id) delete state().accounts[account.id];
    }
    for (const consumer of Object.values(state().consumers)) {
      if (consumer.customerId === id) delete state().consumers[consumer.id];
    }
    delete state().customers[id];
    ctx.store.save();
    return noContent();
  });
}

// ---------- consumers ----------

function registerConsumers(router: Router, ctx: SandboxContext): void {
  const state = () => ctx.store.state;
  const consumerNotFound = (id: string) =>
    apiError(404, 10100, `Cannot find consumer with id ${id}.`);

  function validateConsumerFields(
    body: Record<string, unknown>,
    partial: boolean,
  ): Res | undefined {
    for (const key of ['firstName', 'lastName', 'state']) {
      const value = body[key];
      if (!partial && (typeof value !== 'string' || value.trim() === '')) return missing(key);
      if (value !== undefined && typeof value !== 'string')
        return apiError(400, 10100, `Invalid ${key}.`);
    }
    const ssn = body.ssn;
    if (
      ssn !== undefined &&
      (typeof ssn !== 'string' || !/^(\d{9}|\d{3}-\d{2}-\d{4})$/.test(ssn))
    ) {
      return apiError(400, 10100, 'Invalid SSN.');
    }
    const birthday = body.birthday as Record<string, unknown> | undefined;
    if (birthday !== undefined) {
      const ok =
        birthday !== null &&
        typeof birthday === 'object' &&
        Number.isInteger(birthday.year) &&
        Number.isInteger(birthday.month) &&
        Number.isInteger(birthday.dayOfMonth) &&
        (birthday.month as number) >= 1 &&
        (birthday.month as number) <= 12 &&
        (birthday.dayOfMonth as number) >= 1 &&
        (birthday.dayOfMonth as number) <= 31;
      if (!ok) return apiError(400, 10100, 'Invalid birthday.');
    }
    const phone = body.phone;
    if (
      phone !== undefined &&
      (typeof phone !== 'string' || !/^\+?[0-9 ()\-.]{7,20}$/.test(phone))
    ) {
      return apiError(400, 10100, 'Invalid phone number.');
    }
    const email = body.email;
    if (
      email !== undefined &&
      (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    ) {
      return apiError(400, 10100, 'Invalid email address.');
    }
    if (!partial) {
      if (ssn === undefined && birthday === undefined) return missing('ssn or birthday');
      if (phone === undefined && email === undefined) return missing('phone or email');
    }
    return undefined;
  }

  router.add('POST', '/decisioning/v1/customers/{customerId}/consumer', (req) => {
    const customerId = req.params.customerId ?? '';
    const customer = state().customers[customerId];
    if (!customer) return apiError(404, 14001, 'Customer not found.');
    const body = jsonBody(req);
    if (Object.values(state().consumers).some((c) => c.customerId === customerId)) {
      return apiError(409, 11000, `A consumer already exists for customer ${customerId}`);
    }
    const invalid = validateConsumerFields(body, false);
    if (invalid) return invalid;
    const seconds = Math.floor(ctx.clock.now() / 1000);
    const id = newConsumerId();
    state().consumers[id] = {
      id,
      customerId,
      firstName: body.firstName as string,
      lastName: body.lastName as string,
      address: body.address as string | undefined,
      city: body.city as string | undefined,
      state: body.state as string,
      zip: body.zip as string | undefined,
      phone: body.phone as string | undefined,
      email: body.email as string | undefined,
      ssn: typeof body.ssn === 'string' ? body.ssn.replace(/-/g, '') : undefined,
      birthday: body.birthday as { year: number; month: number; dayOfMonth: number } | undefined,
      suffix: body.suffix as string | undefined,
      endUser: body.endUser as Record<string, unknown> | undefined,
      createdDate: seconds,
    };
    ctx.store.save();
    return json(201, { id, createdDate: seconds, customerId: Number(customerId) });
  });

  router.add('GET', '/decisioning/v1/customers/{customerId}/consumer', (req) => {
    const customerId = req.params.customerId ?? '';
    if (!state().customers[customerId]) return apiError(404, 14001, 'Resource not found.');
    const consumer = Object.values(state().consumers).find((c) => c.customerId === customerId);
    if (!consumer)
      return apiError(404, 10100, `Cannot find consumer for customer with id ${customerId}.`);
    return json(200, consumerToWire(consumer));
  });

  router.add('GET', '/decisioning/v1/consumers/{consumerId}', (req) => {
    const id = req.params.consumerId ?? '';
    const consumer = state().consumers[id];
    if (!consumer) return consumerNotFound(id);
    return json(200, consumerToWire(consumer));
  });

  router.add('PUT', '/decisioning/v1/consumers/{consumerId}', (req) => {
    const id = req.params.consumerId ?? '';
    const consumer = state().consumers[id];
    if (!consumer) return consumerNotFound(id);
    const body = jsonBody(req);
    const invalid = validateConsumerFields(body, true);
    if (invalid) return invalid;
    const writable = [
      'firstName',
      'lastName',
      'address',
      'city',
      'state',
      'zip',
      'phone',
      'email',
      'suffix',
    ] as const;
    for (const key of writable)
      if (typeof body[key] === 'string') consumer[key] = body[key] as string;
    if (typeof body.ssn === 'string') consumer.ssn = body.ssn.replace(/-/g, '');
    if (body.birthday)
      consumer.birthday = body.birthday as { year: number; month: number; dayOfMonth: number };
    if (body.endUser && typeof body.endUser === 'object')
      consumer.endUser = body.endUser as Record<string, unknown>;
    ctx.store.save();
    return noContent();
  });
}

// ---------- institutions ----------

function registerInstitutions(router: Router, ctx: SandboxContext): void {
  function searchParams(req: Req):
    | {
        ok: true;
        search?: string;
        start: number;
        limit: number;
        type?: InstitutionType;
        countries: boolean;
      }
    | { ok: false; res: Res } {
    const bad = (message: string) => ({ ok: false as const, res: apiError(400, 10010, message) });
    const start = parsePositiveInt(req.query.get('start'), 1);
    const limit = parsePositiveInt(req.query.get('limit'), 25);
    if (start === undefined || start < 1) return bad('"start" must be greater than or equal to 1');
    if (limit === undefined || limit < 1 || limit > 1000)
      return bad('"limit" must be between 1 and 1000');
    const type = req.query.get('type') ?? undefined;
    if (type && !(INSTITUTION_TYPES as readonly string[]).includes(type)) {
      return bad(`"type" must be one of [${INSTITUTION_TYPES.join(', ')}]`);
    }
    const countries = req.query.get('supportedCountries');
    if (countries && !/^(\*|[a-zA-Z]{2}(,[a-zA-Z]{2})*)$/.test(countries)) {
      return bad(
        '"supportedCountries" must be "*" or a comma-separated list of 2-letter country codes',
      );
    }
    // Every catalog institution is in the US.
    const matchesCountry =
      !countries || countries === '*' || countries.toLowerCase().split(',').includes('us');
    return {
      ok: true,
      search: req.query.get('search') ?? undefined,
      start,
      limit,
      type: type as InstitutionType | undefined,
      countries: matchesCountry,
    };
  }

  router.add('GET', '/institution/v2/institutions', (req) => {
    const q = searchParams(req);
    if (!q.ok) return q.res;
    const result = q.countries
      ? ctx.catalog.search(q)
      : { found: 0, institutions: [], moreAvailable: false };
    return json(200, {
      found: result.found,
      displaying: result.institutions.length,
      moreAvailable: result.moreAvailable,
      createdDate: Math.floor(ctx.clock.now() / 1000),
      institutions: result.institutions.map((inst) =>
        institutionToWire(inst, ctx.config.publicUrl),
      ),
    });
  });

  const certified = (withRssd: boolean) => (req: Req) => {
    const q = searchParams(req);
    if (!q.ok) return q.res;
    const result = q.countries
      ? ctx.catalog.search(q)
      : { found: 0, institutions: [], moreAvailable: false };
    return json(200, {
      found: result.found,
      displaying: result.institutions.length,
      moreAvailable: result.moreAvailable,
      requestedDate: Math.floor(ctx.clock.now() / 1000),
      institutions: result.institutions.map((inst) => certifiedInstitutionToWire(inst, withRssd)),
    });
  };
  router.add('GET', '/institution/v2/certifiedInstitutions', certified(false));
  router.add('GET', '/institution/v2/certifiedInstitutions/rssd', certified(true));

  const findInstitution = (req: Req) => {
    const raw = req.params.institutionId ?? '';
    return /^\d+$/.test(raw) ? ctx.catalog.get(Number(raw)) : undefined;
  };
  router.add('GET', '/institution/v2/institutions/{institutionId}', (req) => {
    const inst = findInstitution(req);
    if (!inst) return apiError(404, 14006, 'Institution not found.');
    return json(200, { institution: institutionToWire(inst, ctx.config.publicUrl) });
  });
  router.add('GET', '/institution/v2/institutions/{institutionId}/branding', (req) => {
    const inst = findInstitution(req);
    if (!inst) return apiError(404, 14006, 'Institution not found.');
    return json(200, { branding: institutionToWire(inst, ctx.config.publicUrl).branding });
  });
}

// ---------- connect ----------

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LANGUAGE = /^(en|es|fr)([-_][A-Za-z]{2})?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalid(message: string): never {
  throw new HttpError(connectError(400, '10010', message));
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function idString(body: Record<string, unknown>, key: string, label = key): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') invalid(`"${label}" must be a string`);
  if (value === '') invalid(`"${label}" is not allowed to be empty`);
  return value;
}

function requireId(body: Record<string, unknown>, key: string, label = key): string {
  const value = idString(body, key, label);
  if (value === undefined) invalid(`"${label}" is required`);
  return value;
}

function plainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function commonOptions(body: Record<string, unknown>): LinkOptions {
  const out: LinkOptions = { webhookContentType: 'application/json', singleUseUrl: false };
  if (body.webhook !== undefined && body.webhook !== null) {
    if (typeof body.webhook !== 'string' || !isHttpUrl(body.webhook))
      invalid('"webhook" must be a valid uri');
    out.webhook = body.webhook;
  }
  if (body.webhookContentType !== undefined && body.webhookContentType !== null) {
    if (
      body.webhookContentType !== 'application/json' &&
      body.webhookContentType !== 'application/xml'
    ) {
      invalid('"webhookContentType" must be one of [application/json, application/xml]');
    }
    out.webhookContentType = body.webhookContentType;
  }
  if (body.webhookData !== undefined && body.webhookData !== null) {
    if (!plainObject(body.webhookData)) invalid('"webhookData" must be of type object');
    out.webhookData = body.webhookData;
  }
  if (body.webhookHeaders !== undefined && body.webhookHeaders !== null) {
    if (!plainObject(body.webhookHeaders)) invalid('"webhookHeaders" must be of type object');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(body.webhookHeaders)) {
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name))
        invalid(`"webhookHeaders.${name}" is not a valid header name`);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        invalid(`"webhookHeaders.${name}" must be a string`);
      }
      headers[name] = String(value);
    }
    out.webhookHeaders = headers;
  }
  if (body.experience !== undefined && body.experience !== null) {
    if (
      typeof body.experience !== 'string' ||
      (body.experience !== 'default' && !GUID.test(body.experience))
    ) {
      invalid('"experience" must be a valid GUID');
    }
    out.experience = body.experience;
  }
  if (body.language !== undefined && body.language !== null) {
    if (typeof body.language !== 'string' || !LANGUAGE.test(body.language)) {
      invalid('"language" must be one of [en, es, fr] or a locale of them such as fr-CA');
    }
    out.language = body.language;
  }
  if (body.redirectUri !== undefined && body.redirectUri !== null) {
    if (typeof body.redirectUri !== 'string' || !isHttpUrl(body.redirectUri))
      invalid('"redirectUri" must be a valid uri');
    out.redirectUri = body.redirectUri;
  }
  for (const key of ['singleUseUrl', 'isHostedInMobileApp', 'isWebView'] as const) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') invalid(`"${key}" must be a boolean`);
    out[key] = value;
  }
  if (body.fromDate !== undefined && body.fromDate !== null) {
    if (
      typeof body.fromDate !== 'number' ||
      !Number.isInteger(body.fromDate) ||
      String(body.fromDate).length !== 10
    ) {
      invalid('"fromDate" must be a 10-digit epoch date in seconds');
    }
    out.fromDate = body.fromDate;
  }
  if (body.institutionSettings !== undefined && body.institutionSettings !== null) {
    if (!plainObject(body.institutionSettings))
      invalid('"institutionSettings" must be of type object');
    out.institutionSettings = body.institutionSettings;
  }
  if (body.reportCustomFields !== undefined && body.reportCustomFields !== null) {
    if (!Array.isArray(body.reportCustomFields)) invalid('"reportCustomFields" must be an array');
    if (body.reportCustomFields.length > 5)
      invalid('"reportCustomFields" must contain less than or equal to 5 items');
    out.reportCustomFields = body.reportCustomFields;
  }
  if (body.optionalConsumerInfo !== undefined && body.optionalConsumerInfo !== null) {
    if (!plainObject(body.optionalConsumerInfo))
      invalid('"optionalConsumerInfo" must be of type object');
    if (typeof body.optionalConsumerInfo.ssn !== 'string')
      invalid('"optionalConsumerInfo.ssn" is required');
    out.optionalConsumerInfo = body.optionalConsumerInfo;
  }
  return out;
}

function emailOptions(body: Record<string, unknown>): EmailOptions {
  const email = body.email;
  if (email === undefined || email === null) invalid('"email" is required');
  if (!plainObject(email)) invalid('"email" must be of type object');
  if (email.to === undefined || email.to === null || email.to === '')
    invalid('"email.to" is required');
  if (typeof email.to !== 'string' || !EMAIL.test(email.to))
    invalid('"email.to" must be a valid email');
  const out: EmailOptions = { to: email.to };
  for (const key of [
    'from',
    'supportPhone',
    'subject',
    'firstName',
    'institutionName',
    'institutionAddress',
  ] as const) {
    const value = email[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') invalid(`"email.${key}" must be a string`);
    out[key] = value;
  }
  if (email.signature !== undefined && email.signature !== null) {
    if (
      !Array.isArray(email.signature) ||
      email.signature.some((line) => typeof line !== 'string')
    ) {
      invalid('"email.signature" must be an array of strings');
    }
    out.signature = email.signature as string[];
  }
  return out;
}

function registerConnect(router: Router, ctx: SandboxContext): void {
  const state = () => ctx.store.state;

  function checkPartner(body: Record<string, unknown>): void {
    const partnerId = requireId(body, 'partnerId');
    if (partnerId !== state().partner.id) invalid('Invalid "partnerId" in request body');
  }

  function checkCustomer(customerId: string): void {
    if (!state().customers[customerId])
      invalid(`Request failed with status code 404 GET /aggregation/v1/customers/${customerId}`);
  }

  function checkConsumer(consumerId: string): void {
    if (!state().consumers[consumerId])
      invalid(`Request failed with status code 404 GET /decisioning/v1/consumers/${consumerId}`);
  }

  function borrowers(body: Record<string, unknown>): BorrowerRecord[] {
    const list = body.borrowers;
    if (list === undefined || list === null) invalid('"borrowers" is required');
    if (!Array.isArray(list)) invalid('"borrowers" must be an array');
    if (list.length === 0) invalid('"borrowers" must contain at least 1 items');
    const out = list.map((item, i) => {
      if (!plainObject(item)) invalid(`"borrowers[${i}]" must be of type object`);
      const customerId = requireId(item, 'customerId', `borrowers[${i}].customerId`);
      const consumerId = requireId(item, 'consumerId', `borrowers[${i}].consumerId`);
      const type = item.type;
      if (type === undefined || type === null) invalid(`"borrowers[${i}].type" is required`);
      if (type !== 'primary' && type !== 'jointBorrower')
        invalid(`"borrowers[${i}].type" must be one of [primary, jointBorrower]`);
      const info = item.optionalConsumerInfo;
      if (info !== undefined && info !== null && !plainObject(info)) {
        invalid(`"borrowers[${i}].optionalConsumerInfo" must be of type object`);
      }
      return {
        customerId,
        consumerId,
        type,
        optionalConsumerInfo: info ?? undefined,
      } as BorrowerRecord;
    });
    if (out.filter((b) => b.type === 'primary').length !== 1)
      invalid('"borrowers" must contain exactly one primary borrower');
    for (const b of out) {
      checkCustomer(b.customerId);
      checkConsumer(b.consumerId);
    }
    return out;
  }

  async function issue(
    kind: LinkKind,
    draft: Omit<
      LinkRecord,
      | 'id'
      | 'url'
      | 'createdAt'
      | 'expiresAt'
      | 'status'
      | 'used'
      | 'events'
      | 'institutionLoginIds'
      | 'origin'
      | 'partnerId'
      | 'kind'
    >,
  ): Promise<Res> {
    const s = state();
    const origin = kind === 'email' || kind === 'email_joint' ? 'email' : 'url';
    // Timestamps are unique so that two identical requests get two distinct links.
    const timestamp = Math.max(ctx.clock.now(), s.counters.lastLinkTimestamp + 1);
    s.counters.lastLinkTimestamp = timestamp;
    const ttl = timestamp + (origin === 'email' ? EMAIL_LINK_TTL_MS : LINK_TTL_MS);
    const { url, signature } = buildLink(
      ctx.config.publicUrl,
      {
        customerId: draft.customerId,
        partnerId: s.partner.id,
        origin,
        type: kind === 'lite' ? 'lite' : kind === 'fix' ? 'fix' : undefined,
        institutionId: draft.institutionId,
        institutionLoginId: draft.institutionLoginId,
        consumerId: draft.consumerId,
        language: draft.language,
        timestamp,
        ttl,
      },
      s.linkSecret,
    );
    const link: LinkRecord = {
      ...draft,
      id: signature,
      kind,
      url,
      partnerId: s.partner.id,
      origin,
      createdAt: timestamp,
      expiresAt: ttl,
      status: 'generated',
      used: false,
      events: [],
      institutionLoginIds: [],
    };
    if (link.webhook) {
      const ping = await ctx.webhooks.ping(link);
      if (!ping.ok) {
        return connectError(
          400,
          '10010',
          `Webhook ping to "${link.webhook}" failed: the endpoint ${ping.reason}`,
          {
            user_message: 'The webhook URL must answer the ping event with HTTP 2xx.',
          },
        );
      }
    }
    s.links[signature] = link;
    if (link.email) {
      const email = link.email;
      s.mailbox.push({
        id: randomBytes(8).toString('hex'),
        linkId: signature,
        kind: kind === 'email_joint' ? 'email_joint' : 'email',
        to: email.to,
        from: email.from ?? DEFAULT_EMAIL_FROM,
        subject: email.subject ?? DEFAULT_EMAIL_SUBJECT,
        firstName: email.firstName,
        supportPhone: email.supportPhone,
        institutionName: email.institutionName,
        institutionAddress: email.institutionAddress,
        signature: email.signature ?? [],
        link: url,
        customerId: link.customerId,
        consumerId: link.consumerId,
        createdAt: timestamp,
      });
      ctx.store.save();
      return json(200, { link: url, emailConfig: email });
    }
    ctx.store.save();
    return json(200, { link: url });
  }

  const connectBody = (req: Req) =>
    jsonBody(req, () => connectError(400, '10010', 'Invalid JSON in request body'));

  router.add('POST', '/connect/v2/generate', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const customerId = requireId(body, 'customerId');
    const consumerId = idString(body, 'consumerId');
    const options = commonOptions(body);
    checkCustomer(customerId);
    // A consumerId is accepted without an ownership check (Decisions box).
    return issue('full', { ...options, customerId, consumerId });
  });

  router.add('POST', '/connect/v2/generate/lite', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const customerId = requireId(body, 'customerId');
    const rawInstitution = body.institutionId;
    if (rawInstitution === undefined || rawInstitution === null || rawInstitution === '')
      invalid('"institutionId" is required');
    const institutionId =
      typeof rawInstitution === 'string' && /^\d+$/.test(rawInstitution)
        ? Number(rawInstitution)
        : rawInstitution;
    if (typeof institutionId !== 'number' || !Number.isInteger(institutionId))
      invalid('"institutionId" must be a number');
    const options = commonOptions(body);
    checkCustomer(customerId);
    if (!ctx.catalog.get(institutionId)) {
      invalid(
        `Request failed with status code 404 GET /institution/v2/institutions/${institutionId}`,
      );
    }
    return issue('lite', { ...options, customerId, institutionId });
  });

  router.add('POST', '/connect/v2/generate/fix', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const customerId = requireId(body, 'customerId');
    const institutionLoginId = requireId(body, 'institutionLoginId');
    const options = commonOptions(body);
    checkCustomer(customerId);
    const login = state().institutionLogins[institutionLoginId];
    const hasAccounts =
      login !== undefined &&
      login.customerId === customerId &&
      Object.values(state().accounts).some((a) => a.institutionLoginId === login.id);
    if (!hasAccounts) {
      const message = 'Customer does not have any accounts associated with institutionLoginId.';
      return connectError(404, '38007', message, {
        title: 'Connecting accounts error',
        user_message: message,
        level: 'error',
      });
    }
    return issue('fix', {
      ...options,
      customerId,
      institutionLoginId,
      institutionId: login.institutionId,
    });
  });

  router.add('POST', '/connect/v2/generate/jointBorrower', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const options = commonOptions(body);
    const list = borrowers(body);
    const primary = list.find((b) => b.type === 'primary') as BorrowerRecord;
    return issue('joint', {
      ...options,
      customerId: primary.customerId,
      consumerId: primary.consumerId,
      borrowers: list,
    });
  });

  router.add('POST', '/connect/v2/send/email', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const customerId = requireId(body, 'customerId');
    const consumerId = requireId(body, 'consumerId');
    const email = emailOptions(body);
    const options = commonOptions(body);
    checkCustomer(customerId);
    checkConsumer(consumerId);
    return issue('email', { ...options, customerId, consumerId, email });
  });

  router.add('POST', '/connect/v2/send/email/jointBorrower', async (req) => {
    const body = connectBody(req);
    checkPartner(body);
    const email = emailOptions(body);
    const options = commonOptions(body);
    const list = borrowers(body);
    const primary = list.find((b) => b.type === 'primary') as BorrowerRecord;
    return issue('email_joint', {
      ...options,
      customerId: primary.customerId,
      consumerId: primary.consumerId,
      borrowers: list,
      email,
    });
  });
}

// ---------- accounts ----------

function registerAccounts(router: Router, ctx: SandboxContext): void {
  const state = () => ctx.store.state;
  const accountsOf = (customerId: string) =>
    Object.values(state().accounts)
      .filter((a) => a.customerId === customerId)
      .sort(
        (a, b) =>
          a.institutionLoginId - b.institutionLoginId || a.displayPosition - b.displayPosition,
      );
  const noLoginAccounts = (id: string) =>
    apiError(
      404,
      38007,
      `Customer does not have any accounts associated with institutionLoginId = (${id})`,
    );

  router.add('GET', '/aggregation/v1/customers/{customerId}/accounts', (req) => {
    const customerId = req.params.customerId ?? '';
    if (!state().customers[customerId]) return apiError(404, 14001, 'Customer not found.');
    const status = req.query.get('status');
    if (status !== null && status !== 'active' && status !== 'pending') {
      return apiError(400, 18017, "status parameter value must be 'active' or 'pending'");
    }
    const list = accountsOf(customerId).filter((a) => !status || a.status === status);
    return json(200, { accounts: list.map(accountToWire) });
  });

  router.add(
    'GET',
    '/aggregation/v1/customers/{customerId}/institutionLogins/{institutionLoginId}/accounts',
    (req) => {
      const customerId = req.params.customerId ?? '';
      const loginId = req.params.institutionLoginId ?? '';
      if (!state().customers[customerId]) return apiError(404, 14001, 'Customer not found.');
      const list = accountsOf(customerId).filter((a) => String(a.institutionLoginId) === loginId);
      if (list.length === 0) return noLoginAccounts(loginId);
      return json(200, { accounts: list.map(accountToWire) });
    },
  );

  router.add(
    'GET',
    '/aggregation/v1/customers/{customerId}/institutions/{institutionId}/accounts',
    (req) => {
      const customerId = req.params.customerId ?? '';
      const institutionId = req.params.institutionId ?? '';
      if (!state().customers[customerId]) return apiError(404, 14001, 'Customer not found.');
      const list = accountsOf(customerId).filter((a) => String(a.institutionId) === institutionId);
      if (list.length === 0) {
        return apiError(
          404,
          38006,
          `Customer does not have any accounts associated with institutionId = (${institutionId})`,
        );
      }
      return json(200, { accounts: list.map(accountToWire) });
    },
  );

  const accountMissing = (customerId: string, accountId: string) =>
    apiError(
      404,
      38003,
      `customer does not have given account (customerId = ${customerId}, accountId = [${accountId}])`,
    );

  router.add('GET', '/aggregation/v2/customers/{customerId}/accounts/{accountId}', (req) => {
    const customerId = req.params.customerId ?? '';
    const accountId = req.params.accountId ?? '';
    const account = state().accounts[accountId];
    if (!account || account.customerId !== customerId) return accountMissing(customerId, accountId);
    return json(200, accountToWire(account));
  });

  router.add('DELETE', '/aggregation/v1/customers/{customerId}/accounts/{accountId}', (req) => {
    const customerId = req.params.customerId ?? '';
    const accountId = req.params.accountId ?? '';
    const account = state().accounts[accountId];
    if (!account || account.customerId !== customerId) return accountMissing(customerId, accountId);
    delete state().accounts[accountId];
    ctx.store.save();
    return noContent();
  });

  router.add(
    'DELETE',
    '/aggregation/v1/customers/{customerId}/institutionLogins/{institutionLoginId}',
    async (req) => {
      const customerId = req.params.customerId ?? '';
      const loginId = req.params.institutionLoginId ?? '';
      const login = state().institutionLogins[loginId];
      if (!login || login.customerId !== customerId) return noLoginAccounts(loginId);
      await deleteInstitutionLogin(ctx, login.id);
      return noContent();
    },
  );

  // Refresh: instant in the sandbox (the real call can take minutes). Accounts whose
  // aggregationStatusCode is non-zero keep it: refreshing does not repair a broken login.
  function refresh(customerId: string, loginId?: string) {
    const seconds = Math.floor(ctx.clock.now() / 1000);
    const list = accountsOf(customerId).filter(
      (a) => loginId === undefined || String(a.institutionLoginId) === loginId,
    );
    for (const account of list) {
      account.aggregationAttemptDate = seconds;
      if (!account.aggregationStatusCode) {
        account.aggregationSuccessDate = seconds;
        account.balanceDate = seconds;
        account.lastUpdatedDate = seconds;
      }
    }
    ctx.store.save();
    return list;
  }
  router.add('POST', '/aggregation/v1/customers/{customerId}/accounts', (req) => {
    const customerId = req.params.customerId ?? '';
    if (!state().customers[customerId]) return apiError(404, 14001, 'Customer not found.');
    return json(200, { accounts: refresh(customerId).map(accountToWire) });
  });
  router.add('POST', '/aggregation/v2/customers/{customerId}/accounts', (req) => {
    const customerId = req.params.customerId ?? '';
    if (!state().customers[customerId]) return apiError(404, 14001, 'Customer not found.');
    refresh(customerId);
    return noContent();
  });
  router.add(
    'POST',
    '/aggregation/v1/customers/{customerId}/institutionLogins/{institutionLoginId}/accounts',
    (req) => {
      const customerId = req.params.customerId ?? '';
      const loginId = req.params.institutionLoginId ?? '';
      if (!state().customers[customerId]) return apiError(404, 14001, 'Customer not found.');
      const list = refresh(customerId, loginId);
      if (list.length === 0) return noLoginAccounts(loginId);
      return json(200, { accounts: list.map(accountToWire) });
    },
  );
  router.add(
    'POST',
    '/aggregation/v2/customers/{customerId}/institutionLogins/{institutionLoginId}/accounts',
    (req) => {
      const customerId = req.params.customerId ?? '';
      const loginId = req.params.institutionLoginId ?? '';
      if (!state().customers[customerId]) return apiError(404, 14001, 'Customer not found.');
      const list = refresh(customerId, loginId);
      if (list.length === 0) return noLoginAccounts(loginId);
      return noContent();
    },
  );
}

export function registerApi(router: Router, ctx: SandboxContext): void {
  registerAuthentication(router, ctx);
  registerCustomers(router, ctx);
  registerConsumers(router, ctx);
  registerInstitutions(router, ctx);
  registerConnect(router, ctx);
  registerAccounts(router, ctx);
}
