import fc from 'fast-check';

/**
 * Bad input, as values: strings no form should accept or that trip parsers and databases, JSON
 * of every shape, bodies nested far too deep, XML attacks, ids that try to leave their path.
 */

/** React's reference strings: a server action decodes `$`-prefixed strings as references. */
export const REACT_REFERENCES = [
  '$',
  '$$',
  '$@0',
  '$@99',
  '$K1',
  '$K0',
  '$Q1',
  '$W1',
  '$F1',
  '$h1',
  '$T',
  '$S',
  '$B1',
  '$i1',
  '$A1',
  '$l1',
  '$n12',
  '$D2026-13-45',
  '$undefined',
  '$NaN',
  '$Infinity',
  '$-0',
  '$1:constructor:prototype',
  '$0:__proto__',
  '$Z',
] as const;

/**
 * An SSN and a birth date, sent only in the fields that take them (`ssn`, `birthday`): neither may
 * ever come back in a response or a log line.
 */
export const FUZZ_SSN = '987-65-4329';
export const FUZZ_BIRTHDAY = '1961-07-23';

const special = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u202e',
  '\r\n\r\n',
  '%00',
  '%',
  '%zz',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  "'; drop table customers; --",
  '{{7*7}}',
  '${7*7}',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  '__proto__',
  'constructor',
  '123456789',
  'javascript:alert(1)',
  '//evil.example',
  ...REACT_REFERENCES,
);

/** Strings a form would never send: the special ones, any code units, or very long ones. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: special },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(special, fc.string({ maxLength: 10 })).map(([a, b]) => `${b}${a}${b}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 80_000 }).map((n) => 'x'.repeat(n)) },
);

/**
 * Bytes that are not UTF-8, for bodies sent as bytes: a lone surrogate as UTF-8 would spell it
 * (what `fetch` cannot send from a string), overlong and cut-off sequences, a stray 0xff.
 */
export const invalidUtf8: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom(
      [0xed, 0xa0, 0x80],
      [0xed, 0xbf, 0xbf],
      [0xc0, 0xae],
      [0xe2, 0x82],
      [0xff],
      [0xfe, 0xff],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ),
    fc.string({ maxLength: 8 }),
  )
  .map(([bad, text]) => Uint8Array.from([...Buffer.from(text), ...bad, ...Buffer.from(text)]));

/** A string that no field of any form accepts: too long, or holding NUL or a lone surrogate. */
export const invalidString: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 5_000, max: 80_000 }).map((n) => 'y'.repeat(n)),
  fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`),
  fc.string({ maxLength: 8 }).map((s) => `${s}\ud800`),
);

/** JSON values of every shape, with nasty strings as keys and leaves. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    nastyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value of the wrong type for a field that wants a string (or an id). */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.array(jsonValue, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), jsonValue, { maxKeys: 3 }),
);

/** JSON text nested `levels` deep, as `[[[…]]]` or `{"a":{"a":…}}`. */
export function deepJsonText(levels: number, objects = false): string {
  return objects
    ? `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
    : `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

/** Bodies for a JSON endpoint: JSON of any shape, deep nesting, broken text, other encodings. */
export const jsonBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: jsonValue.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.integer({ min: 33, max: 40_000 }).map((n) => deepJsonText(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 33, max: 5_000 }).map((n) => deepJsonText(n, true)) },
  { weight: 1, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"a":"\\u0000"}',
      '{"a":"\\ud800"}',
      '{"\\udfff":1}',
      '{"a":1,"a":2}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{',
      '"unterminated',
      '\ufeff{}',
    ),
  },
);

/** XML attacks and broken XML. */
export const xmlBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><event><eventType>&lol3;</eventType></event>',
    '<?xml version="1.0"?><!DOCTYPE event [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><event><eventType>&xxe;</eventType></event>',
    '<event><eventType>added</eventType><payload><__proto__><polluted>1</polluted></__proto__></payload></event>',
    '<event><constructor>1</constructor></event>',
    '<event><eventType>added</event>',
    '<event>&#0;</event>',
    '<event><eventType>&#xD800;</eventType></event>',
    '<![CDATA[',
    '<?xml version="1.0" encoding="UTF-16"?><event/>',
  ),
  fc
    .integer({ min: 33, max: 20_000 })
    .map((n) => `<event>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</event>`),
  nastyString.map((s) => `<event><eventType>${s}</eventType></event>`),
);

/** Percent-encoding that cannot throw (a lone surrogate has no UTF-8 form: `%ED%A0%80` stands in). */
const encode = (text: string) => encodeURIComponent(text.toWellFormed());

/** Path segments for `[id]` and `[token]`. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.uuid().map((u) => u),
  fc.constantFrom(
    '..',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2f',
    '%00',
    '%C0%AE%C0%AE',
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    'x'.repeat(3000),
    '%ED%A0%80',
    'null',
  ),
  fc.string({ maxLength: 40 }).map(encode),
);

/** A query string of nasty names and values (parameters repeated at times). */
export const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('search', 'start', 'limit', 'next', 'q', 'id'), nastyString),
      nastyString,
    ),
    {
      maxLength: 4,
    },
  )
  .map((pairs) => {
    const query = pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
    return query ? `?${query}` : '';
  });

export const anyMethod = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'HEAD',
);
