import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import {
  jsonNeedsCleaning,
  jsonNestsDeeperThan,
  MAX_DOCUMENT_DEPTH,
  storableDocument,
  xmlNestsDeeperThan,
} from '../storable';

/**
 * Webhook bodies, JSON or XML (`webhookContentType`). The XML layout is the project's decision
 * (upstream unconfirmed): root `<event>`, the JSON field names as child elements, nested objects as
 * nested elements, arrays as repeated elements. Pure: no I/O.
 */

export type WebhookFormat = 'json' | 'xml';

/** Why a body is not an event the portal can act on (an authentic one is then quarantined). */
export type WebhookParseReason =
  'not_utf8' | 'nul_in_body' | 'too_deep' | 'malformed_json' | 'malformed_xml' | 'not_an_event';

export class WebhookParseError extends Error {
  constructor(
    readonly reason: WebhookParseReason,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookParseError';
  }
}

// Ids arrive as strings, but XML (and loose JSON) may carry them as numbers.
const idSchema = z.preprocess(
  (value) => (value === '' || value === null ? undefined : value),
  z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1).max(200)).optional(),
);

export const webhookEventSchema = z.looseObject({
  eventType: z.string().trim().min(1).max(200),
  eventId: idSchema,
  customerId: idSchema,
  consumerId: idSchema,
  payload: z.unknown().optional(),
  webhookData: z.unknown().optional(),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export interface ParsedWebhook {
  format: WebhookFormat;
  /** The validated view the portal acts on. */
  event: WebhookEvent;
  /** The body as parsed, before validation: what is stored and published as the payload. */
  document: Record<string, unknown>;
}

/** The format a body is in: the content type when it says, else the body's first character. */
export function webhookFormatOf(contentType: string | null, body: string): WebhookFormat {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) return 'json';
  if (type.includes('xml')) return 'xml';
  return body.trimStart().startsWith('<') ? 'xml' : 'json';
}

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: true,
  // Keep ids such as "00123" or hex strings as written; only plain decimals become numbers.
  numberParseOptions: { leadingZeros: false, hex: false, eNotation: false },
  // A one-element list would otherwise come back as a bare object.
  isArray: (_name, jpath) =>
    jpath === 'event.payload.accounts' || jpath === 'event.payload.reportData',
});

function parseXml(body: string): Record<string, unknown> {
  // Mastercard sends no document type; refusing DTDs closes off entity-expansion tricks.
  if (/<!DOCTYPE/i.test(body)) {
    throw new WebhookParseError('malformed_xml', 'XML document types are not accepted');
  }
  if (xmlNestsDeeperThan(body)) {
    throw new WebhookParseError('too_deep', `XML nested deeper than ${MAX_DOCUMENT_DEPTH} levels`);
  }
  let document: Record<string, unknown>;
  try {
    const valid = XMLValidator.validate(body);
    if (valid !== true) throw new Error(valid.err.msg);
    document = xmlParser.parse(body) as Record<string, unknown>;
  } catch (error) {
    // The validator and the parser throw on what they refuse (too many nested tags, element
    // names such as `__proto__`): every refusal is the same malformed body.
    throw new WebhookParseError(
      'malformed_xml',
      `Malformed XML: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}`,
    );
  }
  const keys = Object.keys(document);
  const root = document.event;
  if (keys.length !== 1 || typeof root !== 'object' || root === null) {
    throw new WebhookParseError('not_an_event', 'XML root element must be <event>');
  }
  const event = root as Record<string, unknown>;
  // An empty element (`<payload></payload>`, as in a ping) means an empty object.
  for (const key of ['payload', 'webhookData']) if (event[key] === '') event[key] = {};
  return event;
}

function parseJson(body: string): Record<string, unknown> {
  if (jsonNestsDeeperThan(body)) {
    throw new WebhookParseError('too_deep', `JSON nested deeper than ${MAX_DOCUMENT_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new WebhookParseError('malformed_json', 'Malformed JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WebhookParseError('not_an_event', 'JSON body must be an object');
  }
  return value as Record<string, unknown>;
}

/**
 * Parses and validates a webhook body; throws WebhookParseError when it is not an event. Every
 * string of the result is storable (NUL and lone surrogates replaced), ids included.
 */
export function parseWebhookBody(body: string, contentType: string | null): ParsedWebhook {
  // Neither JSON nor XML allows a raw U+0000, and the body could not be kept as written.
  if (body.includes('\u0000')) {
    throw new WebhookParseError('nul_in_body', 'Body contains U+0000');
  }
  const format = webhookFormatOf(contentType, body);
  let document = format === 'xml' ? parseXml(body) : parseJson(body);
  // XML text can carry character references the parser resolves; JSON only the escapes tested.
  if (format === 'xml' || jsonNeedsCleaning(body)) document = storableDocument(document);
  const result = webhookEventSchema.safeParse(document);
  if (!result.success) {
    throw new WebhookParseError('not_an_event', 'Body is not a Connect webhook event');
  }
  return { format, event: result.data, document };
}

/** `webhookData.linkId` as the portal sent it when generating the link, if present. */
export function linkIdOf(event: WebhookEvent): string | undefined {
  const data = event.webhookData;
  if (typeof data !== 'object' || data === null) return undefined;
  const linkId = (data as Record<string, unknown>).linkId;
  return typeof linkId === 'string' && linkId !== '' ? linkId : undefined;
}
