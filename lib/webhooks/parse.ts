import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/**
 * Webhook bodies, JSON or XML (`webhookContentType`). The XML layout is the project's decision
 * (upstream unconfirmed): root `<event>`, the JSON field names as child elements, nested objects as
 * nested elements, arrays as repeated elements. Pure: no I/O.
 */

export type WebhookFormat = 'json' | 'xml';

export class WebhookParseError extends Error {
  constructor(message: string) {
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
  if (/<!DOCTYPE/i.test(body)) throw new WebhookParseError('XML document types are not accepted');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new WebhookParseError(`Malformed XML: ${valid.err.msg}`);
  const document = xmlParser.parse(body) as Record<string, unknown>;
  const keys = Object.keys(document);
  const root = document.event;
  if (keys.length !== 1 || typeof root !== 'object' || root === null) {
    throw new WebhookParseError('XML root element must be <event>');
  }
  const event = root as Record<string, unknown>;
  // An empty element (`<payload></payload>`, as in a ping) means an empty object.
  for (const key of ['payload', 'webhookData']) if (event[key] === '') event[key] = {};
  return event;
}

function parseJson(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new WebhookParseError('Malformed JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WebhookParseError('JSON body must be an object');
  }
  return value as Record<string, unknown>;
}

/** Parses and validates a webhook body; throws WebhookParseError when it is not an event. */
export function parseWebhookBody(body: string, contentType: string | null): ParsedWebhook {
  const format = webhookFormatOf(contentType, body);
  const document = format === 'xml' ? parseXml(body) : parseJson(body);
  const result = webhookEventSchema.safeParse(document);
  if (!result.success) throw new WebhookParseError('Body is not a Connect webhook event');
  return { format, event: result.data, document };
}

/** `webhookData.linkId` as the portal sent it when generating the link, if present. */
export function linkIdOf(event: WebhookEvent): string | undefined {
  const data = event.webhookData;
  if (typeof data !== 'object' || data === null) return undefined;
  const linkId = (data as Record<string, unknown>).linkId;
  return typeof linkId === 'string' && linkId !== '' ? linkId : undefined;
}
