/**
 * What PostgreSQL can keep. Its `text` and `jsonb` refuse U+0000 and lone surrogates (in JSON:
 * the escapes `\u0000` and an unpaired `\ud800`), and its JSON functions recurse, so a document
 * nested thousands of levels deep costs stack (PostgreSQL: error 54001; PGlite in WASM: a thread
 * that spins). Pure: every body from outside passes through here before it reaches the database.
 */

/** Deepest nesting accepted as a document; the deepest body Mastercard documents is about 5. */
export const MAX_DOCUMENT_DEPTH = 32;

const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether JSON text nests deeper than `limit` objects and arrays, found by scanning the text (no
 * parse, no recursion), so a 60 KB body of 30,000 brackets costs one pass and no stack.
 */
export function jsonNestsDeeperThan(text: string, limit = MAX_DOCUMENT_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * Whether XML text nests elements deeper than `limit`, by counting start and end tags (comments,
 * CDATA, processing instructions and declarations skipped). An approximation for text that is not
 * well-formed, which the parser then refuses anyway.
 */
export function xmlNestsDeeperThan(text: string, limit = MAX_DOCUMENT_DEPTH): boolean {
  let depth = 0;
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      i = end === -1 ? -1 : text.indexOf('<', end + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      i = end === -1 ? -1 : text.indexOf('<', end + 3);
      continue;
    }
    const close = text.indexOf('>', i + 1);
    if (close === -1) break;
    const next = text[i + 1];
    if (next === '/') depth--;
    else if (next !== '?' && next !== '!' && text[close - 1] !== '/') {
      if (++depth > limit) return true;
    }
    i = text.indexOf('<', close + 1);
  }
  return false;
}

const NUL = '\u0000';
const REPLACEMENT = '\uFFFD';

/** The string with U+0000 and lone surrogates replaced by U+FFFD; the same string when clean. */
export function storableText(value: string): string {
  const wellFormed = value.isWellFormed() ? value : value.toWellFormed();
  return wellFormed.includes(NUL) ? wellFormed.replaceAll(NUL, REPLACEMENT) : wellFormed;
}

/** Whether `storableText` would change the string. */
export function isStorableText(value: string): boolean {
  return value.isWellFormed() && !value.includes(NUL);
}

/**
 * A copy of a parsed document with every string (keys too) made storable. Documents reach this
 * only after a depth check, so the recursion is bounded.
 */
export function storableDocument<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableDocument) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [storableText(k), storableDocument(v)]),
    ) as T;
  }
  return value;
}

// `\u0000` and any surrogate escape: JSON.parse turns them into characters PostgreSQL refuses (or,
// for a well-formed pair, that its own JSON parser must pair up); a false positive only costs a
// cleaning pass.
const UNSAFE_JSON_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * Whether JSON text, as PostgreSQL would parse it itself (`text::jsonb`), may hold something it
 * refuses: a NUL or a surrogate escape. False means the text can be cast as it is.
 */
export function jsonNeedsCleaning(text: string): boolean {
  return text.includes(NUL) || UNSAFE_JSON_ESCAPE.test(text);
}
