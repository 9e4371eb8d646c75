import { XMLBuilder } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { linkIdOf, parseWebhookBody, WebhookParseError, webhookFormatOf } from './parse';

const event = {
  customerId: '1005061234',
  consumerId: '0bf46322c167b562e6cbed9d40e19a4c',
  eventType: 'added',
  eventId: '1611877956869-28ebb24c66699bf3c77f04b1',
  payload: {
    accounts: [{ id: '5011648377', number: '00123', oauth: true }],
    institutionId: '101732',
  },
  webhookData: { linkId: '6f1c2a57-1f0e-4a53-9d9e-1b8d9c0f2e11' },
};

// The same layout the sandbox sends: <event> root, JSON names as elements, arrays repeated.
const toXml = (value: unknown) =>
  `<?xml version="1.0" encoding="UTF-8"?>${new XMLBuilder({ ignoreAttributes: true, suppressEmptyNode: false }).build({ event: value }) as string}`;

describe('parseWebhookBody', () => {
  it('parses JSON', () => {
    const parsed = parseWebhookBody(JSON.stringify(event), 'application/json; charset=utf-8');
    expect(parsed.format).toBe('json');
    expect(parsed.event).toEqual(event);
  });

  it('parses XML with the JSON field names, nested objects and one-element lists', () => {
    const parsed = parseWebhookBody(toXml(event), 'application/xml');
    expect(parsed.format).toBe('xml');
    expect(parsed.event.eventType).toBe('added');
    expect(parsed.event.eventId).toBe(event.eventId);
    expect(parsed.event.customerId).toBe('1005061234');
    expect(parsed.event.consumerId).toBe(event.consumerId);
    expect(linkIdOf(parsed.event)).toBe(event.webhookData.linkId);
    const payload = parsed.event.payload as { accounts: unknown[]; institutionId: unknown };
    expect(payload.accounts).toHaveLength(1);
    expect(payload.accounts[0]).toMatchObject({ number: '00123', oauth: true });
  });

  it('parses an XML ping with an empty payload as an empty object', () => {
    const parsed = parseWebhookBody(toXml({ eventType: 'ping', payload: {} }), 'text/xml');
    expect(parsed.event).toEqual({ eventType: 'ping', payload: {} });
  });

  it('keeps unknown fields and accepts numeric ids', () => {
    const parsed = parseWebhookBody('{"eventType":"newThing","customerId":42,"extra":[1]}', null);
    expect(parsed.event).toEqual({ eventType: 'newThing', customerId: '42', extra: [1] });
  });

  it('picks the format from the content type, else from the first character', () => {
    expect(webhookFormatOf('application/json', '<x/>')).toBe('json');
    expect(webhookFormatOf('text/xml', '{}')).toBe('xml');
    expect(webhookFormatOf(null, '  <event/>')).toBe('xml');
    expect(webhookFormatOf('text/plain', '{}')).toBe('json');
  });

  it.each([
    ['truncated JSON', '{"eventType":"added"', 'application/json'],
    ['a JSON array', '[{"eventType":"added"}]', 'application/json'],
    ['JSON without eventType', '{"eventId":"1-a"}', 'application/json'],
    ['an empty eventType', '{"eventType":""}', 'application/json'],
    ['an over-long eventId', JSON.stringify({ eventType: 'x', eventId: 'a'.repeat(201) }), null],
    ['unclosed XML', '<event><eventType>added</event>', 'application/xml'],
    ['XML with another root', '<webhook><eventType>added</eventType></webhook>', 'application/xml'],
    ['XML with two roots', '<event><eventType>a</eventType></event><event/>', 'application/xml'],
    ['an empty XML event', '<event></event>', 'application/xml'],
    [
      'XML with a document type',
      '<!DOCTYPE event [<!ENTITY a "b">]><event><eventType>&a;</eventType></event>',
      'application/xml',
    ],
    ['text', 'hello', 'text/plain'],
    ['an empty body', '', 'application/json'],
  ])('refuses %s', (_name, body, contentType) => {
    expect(() => parseWebhookBody(body, contentType)).toThrow(WebhookParseError);
  });
});

describe('linkIdOf', () => {
  it('reads webhookData.linkId only when it is a non-empty string', () => {
    expect(linkIdOf({ eventType: 'x', webhookData: { linkId: 'abc' } })).toBe('abc');
    expect(linkIdOf({ eventType: 'x', webhookData: { linkId: 7 } })).toBeUndefined();
    expect(linkIdOf({ eventType: 'x', webhookData: 'abc' })).toBeUndefined();
    expect(linkIdOf({ eventType: 'x' })).toBeUndefined();
  });
});
