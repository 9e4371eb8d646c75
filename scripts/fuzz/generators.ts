import fc from 'fast-check';
import type { ActionTarget } from './targets';
import {
  anyMethod,
  deepJsonText,
  FUZZ_BIRTHDAY,
  FUZZ_SSN,
  invalidString,
  invalidUtf8,
  jsonBody,
  jsonValue,
  nastyString,
  pathSegment,
  queryString,
  REACT_REFERENCES,
  wrongType,
  xmlBody,
} from './values';
import { signBody } from '../../lib/webhooks/verify';

/**
 * One generator per route handler and per server action: what a careless or hostile caller could
 * send there. Every generated request is bad input: nothing it carries may be stored as a domain
 * row. The suite fails for a route or action that has none here.
 */

export type Caller = 'anonymous' | 'customer' | 'staff' | 'admin';
export const CALLERS: readonly Caller[] = ['anonymous', 'customer', 'staff', 'admin'];

export interface FuzzRequest {
  method: string;
  /** path and query, e.g. `/api/links/…?x=1` */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface GeneratorContext {
  /** the portal's origin, for the same-origin `Origin` server actions require */
  origin: string;
  /** the Partner Secret, to sign some bad webhook bodies correctly */
  partnerSecret: string;
  /** a customer of the run that exists, so bad fields are also judged against a real target */
  customerId?: string;
}

type RouteGenerator = (ctx: GeneratorContext) => fc.Arbitrary<FuzzRequest>;

const withPath = (route: string, segment: string) => route.replace(/\[[^\]]+\]/g, segment);

/** Any method, query and body on the route: the baseline every route handler gets. */
function anything(route: string): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: anyMethod,
      segment: pathSegment,
      query: queryString,
      body: fc.option(jsonBody, { nil: undefined }),
      contentType: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
      ),
    })
    .map(({ method, segment, query, body, contentType }) => ({
      method,
      path: `${withPath(route, segment)}${query}`,
      headers: { 'Content-Type': contentType },
      // GET and HEAD carry no body over fetch.
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    }));
}

function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    path,
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  };
}

/**
 * Bodies that are no Connect event whatever their signature: a correctly signed one is authentic
 * and kept (quarantined), never stored as an event. A signed body that is a well-formed event is
 * no bad input, so the suite never signs one.
 */
const unreadableBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.integer({ min: 33, max: 40_000 }).map((n) => deepJsonText(n)),
  fc.integer({ min: 33, max: 5_000 }).map((n) => deepJsonText(n, true)),
  fc
    .integer({ min: 33, max: 20_000 })
    .map((n) => `<event>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</event>`),
  fc.constantFrom(
    '{',
    '"unterminated',
    '[{"eventType":"added"}]',
    '{"eventId":"1-abc"}',
    '<event><eventType>added</event>',
    '<!DOCTYPE event [<!ENTITY a "a">]><event><eventType>&a;</eventType></event>',
    '<event><eventType>added</eventType><payload><__proto__>1</__proto__></payload></event>',
    '{"eventType":"added","x":"\u0000"}',
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Uint8Array.from([0xff, ...bytes])),
);

const webhookRequests: RouteGenerator = ({ partnerSecret }) =>
  fc
    .record({
      body: fc.oneof(jsonBody, xmlBody),
      unreadable: unreadableBody,
      signature: fc.constantFrom('none', 'wrong', 'garbage', 'right', 'both-wrong'),
      contentType: fc.constantFrom('application/json', 'application/xml', 'text/plain', ''),
    })
    .map(({ body: anyBody, unreadable, signature, contentType }) => {
      const body = signature === 'right' ? unreadable : anyBody;
      const headers: Record<string, string> = {};
      if (contentType) headers['Content-Type'] = contentType;
      if (signature === 'wrong') headers['X-Finicity-Signature'] = signBody(body, 'not-the-secret');
      if (signature === 'garbage') headers['X-Finicity-Signature'] = 'zz'.repeat(40);
      if (signature === 'both-wrong') {
        headers['X-Finicity-Signature'] = signBody(body, 'a-wrong-secret-1');
        headers['X-Signature'] = '';
      }
      // Correctly signed garbage: authentic, so kept (quarantined, since it cannot be read).
      if (signature === 'right') headers['X-Finicity-Signature'] = signBody(body, partnerSecret);
      return { method: 'POST', path: '/api/webhooks/connect', headers, body };
    });

const sdkEventRequests: RouteGenerator = () =>
  fc
    .record({
      segment: pathSegment,
      body: fc.oneof(
        jsonBody,
        fc
          .record({
            type: fc.oneof(
              fc.constantFrom('load', 'route', 'user', 'done', 'cancel', 'error'),
              nastyString,
            ),
            data: jsonValue,
          })
          .map((event) => JSON.stringify(event)),
      ),
    })
    .map(({ segment, body }) => post(`/api/links/${segment}/sdk-events`, body));

/** Route handlers by route; `anything` is mixed into each. */
export const ROUTE_GENERATORS: Record<string, RouteGenerator> = {
  '/api/accounts': () => anything('/api/accounts'),
  '/api/health': () => anything('/api/health'),
  '/api/health/live': () => anything('/api/health/live'),
  '/api/institutions': () =>
    fc.oneof(
      anything('/api/institutions'),
      queryString.map((query) => ({
        method: 'GET',
        path: `/api/institutions${query}`,
        headers: {},
      })),
    ),
  '/api/links/[id]': () => anything('/api/links/[id]'),
  '/api/links/[id]/sdk-events': (ctx) =>
    fc.oneof(anything('/api/links/[id]/sdk-events'), sdkEventRequests(ctx)),
  '/api/ping': () => anything('/api/ping'),
  '/api/webhooks/connect': (ctx) =>
    fc.oneof(anything('/api/webhooks/connect'), webhookRequests(ctx)),
  '/icon.svg': () => anything('/icon.svg'),
  '/link/[token]': () => anything('/link/[token]'),
};

// ------------------------------------------------------------------------------------------------
// Server actions. React's client posts `Next-Action: <id>` with the arguments encoded by
// encodeReply: JSON text (`text/plain`) for plain values, multipart form data when a FormData is
// among them (its fields as `<n>_<name>`, referenced from the root as `$K<n>`).
// ------------------------------------------------------------------------------------------------

/** How an action takes its input, and the names of its fields. */
export interface ActionShape {
  /** `form`: (previous state, FormData); `object`: one object argument; `none`: no arguments */
  takes: 'form' | 'object' | 'none';
  fields: string[];
  /**
   * A customer id bound before the other arguments (`action.bind(null, customerId)`):
   * `customer` sends the run's real customer at times, so the bad fields are judged against a
   * customer that exists; `unknown-customer` never does, for an action whose only input is the
   * customer (a real one would be good input, and make a row).
   */
  bound?: 'customer' | 'unknown-customer';
  /** actions that end the caller's session are called only without one */
  endsSession?: boolean;
}

const CONSUMER_FIELDS = ['firstName', 'lastName', 'state', 'ssn', 'birthday', 'phone', 'email'];

/** Every action by key (see targets.ts); an action missing here fails the suite. */
export const ACTION_SHAPES: Record<string, ActionShape> = {
  addConsumerAction: { takes: 'form', bound: 'customer', fields: CONSUMER_FIELDS },
  createCustomerAction: { takes: 'form', fields: ['firstName', 'lastName', 'email', 'type'] },
  createPersonalLinkAction: { takes: 'form', bound: 'unknown-customer', fields: [] },
  createStaffUserAction: { takes: 'form', fields: ['name', 'email', 'password', 'role'] },
  generateJointLinkAction: {
    takes: 'form',
    fields: [
      ...CONSUMER_FIELDS.map((field) => `primary.${field}`),
      ...CONSUMER_FIELDS.map((field) => `coBorrower.${field}`),
      'confirmRepeatOf',
    ],
  },
  'generateLinkAction@/link': {
    takes: 'object',
    fields: ['kind', 'institutionId', 'institutionLoginId', 'confirmRepeatOf'],
  },
  'generateLinkAction@/staff/customers/[id]': {
    takes: 'form',
    bound: 'customer',
    fields: [
      'kind',
      'institutionId',
      'institutionLoginId',
      'jointCustomerId',
      'language',
      'experience',
      'confirmRepeatOf',
    ],
  },
  removeInstitutionLoginAction: { takes: 'object', fields: ['institutionLoginId'] },
  revokePersonalLinkAction: { takes: 'form', bound: 'customer', fields: ['tokenId'] },
  sendConnectEmailAction: {
    takes: 'form',
    fields: ['customerId', 'to', 'subject', 'language', 'confirmRepeatOf'],
  },
  sendJointEmailAction: {
    takes: 'form',
    fields: ['customerId', 'jointCustomerId', 'to', 'subject', 'confirmRepeatOf'],
  },
  signInAction: { takes: 'form', fields: ['email', 'password', 'next'] },
  signOutAction: { takes: 'none', fields: [], endsSession: true },
  signOutCustomerAction: { takes: 'none', fields: [], endsSession: true },
  startAsNewCustomerAction: { takes: 'form', fields: ['firstName', 'lastName'] },
};

const BOUNDARY = '----portalfuzz7MA4YWxkTrZu0gW';

type FieldValue = string | Uint8Array;

function multipart(fields: Array<[string, FieldValue]>): Uint8Array {
  const parts = fields.map(([name, value]) =>
    Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n`,
      ),
      typeof value === 'string' ? Buffer.from(value) : value,
      Buffer.from('\r\n'),
    ]),
  );
  return Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

/** What a field of that name gets when it is not the broken one: its own kind of bad value. */
function fieldValue(name: string, ctx: GeneratorContext): fc.Arbitrary<string> {
  const field = name.split('.').pop()!;
  // The SSN and birth date go only where they belong: finding them anywhere else is a leak.
  if (field === 'ssn') return fc.oneof(fc.constant(FUZZ_SSN), nastyString);
  if (field === 'birthday') return fc.oneof(fc.constant(FUZZ_BIRTHDAY), nastyString);
  if (/customerId$/i.test(field) && ctx.customerId) {
    return fc.oneof(fc.constant(ctx.customerId), nastyString);
  }
  return nastyString;
}

/**
 * Form fields for an action: the known fields, one of them certainly invalid (a string no field
 * accepts, or bytes that are not UTF-8), some others left out, plus extras and repeats.
 */
function badForm(
  fields: string[],
  ctx: GeneratorContext,
): fc.Arbitrary<Array<[string, FieldValue]>> {
  const names = fields.length > 0 ? fields : ['value'];
  return fc
    .record({
      values: fc.tuple(...names.map((name) => fieldValue(name, ctx))),
      broken: fc.nat({ max: names.length - 1 }),
      invalid: fc.oneof(
        { weight: 3, arbitrary: invalidString as fc.Arbitrary<FieldValue> },
        { weight: 1, arbitrary: invalidUtf8 as fc.Arbitrary<FieldValue> },
      ),
      missing: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
      extra: fc.array(fc.tuple(nastyString, nastyString), { maxLength: 3 }),
      repeated: fc.boolean(),
    })
    .map(({ values, broken, invalid, missing, extra, repeated }) => {
      const pairs: Array<[string, FieldValue]> = [];
      names.forEach((name, i) => {
        if (i === broken) pairs.push([name, invalid]);
        else if (!missing[i]) pairs.push([name, values[i]!]);
      });
      if (repeated) pairs.push([names[broken]!, values[broken]!]);
      return [...pairs, ...extra];
    });
}

/** One object argument with the known keys, one of them of a wrong type or invalid. */
function badObject(fields: string[]): fc.Arbitrary<unknown> {
  const names = fields.length > 0 ? fields : ['value'];
  return fc
    .record({
      values: fc.array(jsonValue, { minLength: names.length, maxLength: names.length }),
      broken: fc.nat({ max: names.length - 1 }),
      invalid: fc.oneof(wrongType, invalidString),
      missing: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
    })
    .map(({ values, broken, invalid, missing }) =>
      Object.fromEntries(
        names.flatMap((name, i) =>
          i === broken ? [[name, invalid]] : missing[i] ? [] : [[name, values[i]]],
        ),
      ),
    );
}

/** The bound customer id, as React encodes a string argument (`$` doubled). */
function boundArgument(shape: ActionShape, ctx: GeneratorContext): fc.Arbitrary<string[]> {
  if (!shape.bound) return fc.constant([]);
  const nasty = fc.oneof(nastyString, fc.uuid());
  const id =
    shape.bound === 'customer' && ctx.customerId
      ? fc.oneof(fc.constant(ctx.customerId), nasty)
      : nasty;
  return id.map((value) => [value.startsWith('$') ? `$${value}` : value]);
}

function actionHeaders(ctx: GeneratorContext, id: string, contentType: string) {
  return {
    'Next-Action': id,
    Origin: ctx.origin,
    Accept: 'text/x-component',
    'Content-Type': contentType,
  };
}

export function actionRequests(
  target: ActionTarget,
  shape: ActionShape,
  ctx: GeneratorContext,
): fc.Arbitrary<FuzzRequest> {
  const page = fc.constantFrom(...(target.pages.length > 0 ? target.pages : ['/']));
  const at = (route: string, segment: string) => withPath(route, segment);
  const text = () => actionHeaders(ctx, target.id, 'text/plain;charset=UTF-8');
  const encodings: Array<
    fc.Arbitrary<{ body: string | Uint8Array; headers: Record<string, string> }>
  > = [
    // Arguments of any shape, as the client would encode plain values.
    fc.array(jsonValue, { maxLength: 4 }).map((args) => {
      const body = JSON.stringify(args);
      return { body, headers: text() };
    }),
    // React references and broken encodings: what the decoder itself must refuse.
    fc
      .oneof(
        fc.constantFrom(...REACT_REFERENCES).map((ref) => JSON.stringify([ref, ref])),
        fc.constantFrom('', '[', 'null', '{}', '"$K1"', '["$@0"]', '[1,2,3', 'x'.repeat(70_000)),
        jsonBody.map((body) =>
          typeof body === 'string' ? body : Buffer.from(body).toString('latin1'),
        ),
      )
      .map((body) => ({ body, headers: text() })),
    // A FormData argument where the action takes one, with bad values, after its bound id.
    fc.tuple(boundArgument(shape, ctx), badForm(shape.fields, ctx)).map(([bound, pairs]) => ({
      body: multipart([
        ['0', JSON.stringify([...bound, '$undefined', '$K1'])],
        ...pairs.map(([name, value]): [string, FieldValue] => [`1_${name}`, value]),
      ]),
      headers: actionHeaders(ctx, target.id, `multipart/form-data; boundary=${BOUNDARY}`),
    })),
    // The action posted as a form without JavaScript (no Next-Action: Next finds its id among
    // the fields), with bad values, or a body that is no form at all.
    fc
      .oneof(
        badForm(shape.fields, ctx).map((pairs) =>
          multipart([[`$ACTION_ID_${target.id}`, ''], ...pairs]),
        ),
        fc.oneof(
          nastyString.map((text) => Buffer.from(text)),
          invalidUtf8,
        ),
      )
      .map((body) => ({
        body,
        headers: {
          Origin: ctx.origin,
          'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        },
      })),
    // The same fields in a form that references parts that are not there.
    badForm(shape.fields, ctx).map((pairs) => ({
      body: multipart([['0', JSON.stringify(['$K7', '$Q3', '$@2'])], ...pairs]),
      headers: actionHeaders(ctx, target.id, `multipart/form-data; boundary=${BOUNDARY}`),
    })),
  ];
  if (shape.takes === 'object') {
    encodings.push(
      badObject(shape.fields).map((arg) => {
        const body = JSON.stringify([arg]);
        return { body, headers: text() };
      }),
    );
  }
  return fc
    .record({ page, segment: pathSegment, encoded: fc.oneof(...encodings) })
    .map(({ page: route, segment, encoded }) => ({
      method: 'POST',
      path: at(route, segment),
      headers: encoded.headers,
      body: encoded.body,
    }));
}
