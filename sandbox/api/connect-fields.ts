// The fields of Connect request bodies, checked as the Connect service does: the first problem
// is a 400 with string code 10010 and Joi-style wording, thrown so that handlers read straight.
import { connectError, HttpError } from '../http';
import type { EmailOptions, LinkOptions } from '../store';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LANGUAGE = /^(en|es|fr)([-_][A-Za-z]{2})?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function invalid(message: string): never {
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

export function idString(
  body: Record<string, unknown>,
  key: string,
  label = key,
): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') invalid(`"${label}" must be a string`);
  if (value === '') invalid(`"${label}" is not allowed to be empty`);
  return value;
}

export function requireId(body: Record<string, unknown>, key: string, label = key): string {
  const value = idString(body, key, label);
  if (value === undefined) invalid(`"${label}" is required`);
  return value;
}

export function plainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function commonOptions(body: Record<string, unknown>): LinkOptions {
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

export function emailOptions(body: Record<string, unknown>): EmailOptions {
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
