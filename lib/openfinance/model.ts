/**
 * The portal's own types for what Open Finance returns, and the small reshape functions from the
 * wire shapes of `wire.ts`. Components, actions and route handlers only ever see these.
 * Dates become `Date`; ids become strings except institution ids (numbers, as the Lite body needs);
 * account numbers are reduced to a masked last four.
 */
import type {
  WireAccount,
  WireBranding,
  WireConsumer,
  WireCustomer,
  WireInstitution,
} from './wire';

export type CustomerType = 'testing' | 'active';

export interface Customer {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  type: CustomerType;
  createdAt: Date;
  lastModifiedAt?: Date;
  applicationId?: string;
}

export interface CreatedCustomer {
  id: string;
  username: string;
  createdAt: Date;
}

export interface CustomerPage {
  found: number;
  displaying: number;
  moreAvailable: boolean;
  customers: Customer[];
}

export interface Birthday {
  year: number;
  /** 1 = January */
  month: number;
  dayOfMonth: number;
}

export interface Consumer {
  id: string;
  customerId: string;
  firstName: string;
  lastName: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  phone?: string;
  email?: string;
  suffix?: string;
  /** the API only ever returns the last four digits */
  ssnLast4?: string;
  hasBirthday: boolean;
  createdAt: Date;
}

export interface CreatedConsumer {
  id: string;
  customerId: string;
  createdAt: Date;
}

export interface InstitutionBranding {
  logoUrl?: string;
  alternateLogoUrl?: string;
  iconUrl?: string;
  tileUrl?: string;
  primaryColor?: string;
}

export interface InstitutionAddress {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface Institution {
  id: number;
  name: string;
  /** home page */
  url?: string;
  loginUrl?: string;
  oauth: boolean;
  status?: string;
  currency?: string;
  phone?: string;
  email?: string;
  address?: InstitutionAddress;
  logoUrl?: string;
  iconUrl?: string;
  tileUrl?: string;
  primaryColor?: string;
  /** Products the institution is certified for (transAgg, ach, voa, …), true ones only. */
  products: InstitutionProduct[];
}

export const INSTITUTION_PRODUCTS = [
  'transAgg',
  'ach',
  'stateAgg',
  'voi',
  'voa',
  'aha',
  'availBalance',
  'accountOwner',
] as const;
export type InstitutionProduct = (typeof INSTITUTION_PRODUCTS)[number];

export interface InstitutionPage {
  found: number;
  displaying: number;
  moreAvailable: boolean;
  institutions: Institution[];
}

export type AccountStatus = 'active' | 'pending';

export interface Account {
  id: string;
  /** e.g. "****4321"; never the full number */
  numberMasked: string;
  name: string;
  /** checking, savings, creditCard, investment, 401k, mortgage, … */
  type: string;
  balance?: number;
  currency?: string;
  status: AccountStatus | (string & {});
  /** absent before the first aggregation; 0 = fine (see fix-codes in the architecture doc) */
  aggregationStatusCode?: number;
  customerId: string;
  institutionId: number;
  institutionLoginId: string;
  lastUpdated?: Date;
  balanceDate?: Date;
  createdAt?: Date;
  lastAggregationSuccessAt?: Date;
  lastAggregationAttemptAt?: Date;
  displayPosition?: number;
}

export interface ConnectLink {
  link: string;
  /** from the link's own `ttl` parameter, when it carries one */
  expiresAt?: Date;
}

export interface EmailOptions {
  to: string;
  from?: string;
  supportPhone?: string;
  subject?: string;
  /** the first name, or both names for joint borrowers ("Marvin and Jenny") */
  firstName?: string;
  /** the portal operator's company name */
  institutionName?: string;
  institutionAddress?: string;
  signature?: string[];
}

export interface ConnectEmail extends ConnectLink {
  emailConfig?: EmailOptions;
}

// ---------- reshape functions ----------

function fromEpochSeconds(seconds: number | undefined): Date | undefined {
  return seconds === undefined || !Number.isFinite(seconds) ? undefined : new Date(seconds * 1000);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

export function toCustomer(wire: WireCustomer): Customer {
  return defined({
    id: wire.id,
    username: wire.username,
    firstName: nonEmpty(wire.firstName),
    lastName: nonEmpty(wire.lastName),
    email: nonEmpty(wire.email),
    phone: nonEmpty(wire.phone),
    type: wire.type === 'active' ? 'active' : 'testing',
    createdAt: fromEpochSeconds(wire.createdDate) ?? new Date(0),
    lastModifiedAt: fromEpochSeconds(wire.lastModifiedDate),
    applicationId: nonEmpty(wire.applicationId),
  });
}

export function toConsumer(wire: WireConsumer): Consumer {
  const ssn = nonEmpty(wire.ssn)?.replace(/\D/g, '');
  const birthday = wire.birthday;
  return defined({
    id: wire.id,
    customerId: wire.customerId,
    firstName: wire.firstName,
    lastName: wire.lastName,
    address: nonEmpty(wire.address),
    city: nonEmpty(wire.city),
    state: nonEmpty(wire.state),
    zip: nonEmpty(wire.zip),
    phone: nonEmpty(wire.phone),
    email: nonEmpty(wire.email),
    suffix: nonEmpty(wire.suffix),
    // Only the last four ever leave this module, even if an API answered with more.
    ssnLast4: ssn ? ssn.slice(-4) : undefined,
    hasBirthday: birthday?.year !== undefined,
    createdAt: fromEpochSeconds(wire.createdDate) ?? new Date(0),
  });
}

export function toInstitutionBranding(wire: WireBranding | undefined): InstitutionBranding {
  return defined({
    logoUrl: nonEmpty(wire?.logo),
    alternateLogoUrl: nonEmpty(wire?.alternateLogo),
    iconUrl: nonEmpty(wire?.icon),
    tileUrl: nonEmpty(wire?.tile),
    primaryColor: nonEmpty(wire?.primaryColor),
  });
}

export function toInstitution(wire: WireInstitution): Institution {
  const branding = toInstitutionBranding(wire.branding);
  const address = wire.address
    ? defined({
        line1: nonEmpty(wire.address.addressLine1),
        line2: nonEmpty(wire.address.addressLine2),
        city: nonEmpty(wire.address.city),
        state: nonEmpty(wire.address.state),
        postalCode: nonEmpty(wire.address.postalCode),
        country: nonEmpty(wire.address.country),
      })
    : undefined;
  return defined({
    id: wire.id,
    name: nonEmpty(wire.name) ?? nonEmpty(wire.displayName) ?? `Institution ${wire.id}`,
    url: nonEmpty(wire.urlHomeApp),
    loginUrl: nonEmpty(wire.urlLogonApp),
    oauth: wire.oauthEnabled === true,
    status: nonEmpty(wire.status),
    currency: nonEmpty(wire.currency),
    phone: nonEmpty(wire.phone),
    email: nonEmpty(wire.email),
    address: address && Object.keys(address).length > 0 ? address : undefined,
    logoUrl: branding.logoUrl,
    iconUrl: branding.iconUrl,
    tileUrl: branding.tileUrl,
    primaryColor: branding.primaryColor,
    products: INSTITUTION_PRODUCTS.filter((product) => wire[product] === true),
  });
}

/** "****1234" from whichever number field carries digits; never more than four of them. */
export function maskAccountNumber(...candidates: Array<string | undefined>): string {
  for (const candidate of candidates) {
    const digits = candidate?.replace(/[^0-9A-Za-z]/g, '') ?? '';
    if (digits.length > 0) return `****${digits.slice(-4)}`;
  }
  return '****';
}

export function toAccount(wire: WireAccount): Account {
  return defined({
    id: wire.id,
    numberMasked: maskAccountNumber(
      wire.realAccountNumberLast4,
      wire.accountNumberDisplay,
      wire.number,
    ),
    name: nonEmpty(wire.name) ?? nonEmpty(wire.accountNickname) ?? 'Account',
    type: wire.type ?? 'unknown',
    balance: wire.balance,
    currency: nonEmpty(wire.currency),
    status: wire.status ?? 'active',
    aggregationStatusCode: wire.aggregationStatusCode,
    customerId: wire.customerId,
    institutionId: wire.institutionId,
    institutionLoginId: wire.institutionLoginId,
    lastUpdated: fromEpochSeconds(wire.lastUpdatedDate),
    balanceDate: fromEpochSeconds(wire.balanceDate),
    createdAt: fromEpochSeconds(wire.createdDate),
    lastAggregationSuccessAt: fromEpochSeconds(wire.aggregationSuccessDate),
    lastAggregationAttemptAt: fromEpochSeconds(wire.aggregationAttemptDate),
    displayPosition: wire.displayPosition,
  });
}

/** The expiry a Connect link states in its `ttl` parameter (epoch ms), if it has one. */
export function linkExpiry(link: string): Date | undefined {
  try {
    const url = new URL(link);
    const ttl = Number(url.searchParams.get('ttl'));
    // Mastercard's `ttl` is an absolute time in ms (timestamp + 2 h in every sample).
    return Number.isFinite(ttl) && ttl > 1e12 ? new Date(ttl) : undefined;
  } catch {
    return undefined;
  }
}

export function toConnectLink(wire: { link: string }): ConnectLink {
  return defined({ link: wire.link, expiresAt: linkExpiry(wire.link) });
}

// ---------- inputs of the typed operations ----------

export interface NewCustomer {
  /** 6–255 letters, digits or ! @ . # $ % & * _ - + ; unique per partner */
  username: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  /** needed for FinBank OAuth test apps */
  applicationId?: string;
}

export interface CustomerQuery {
  username?: string;
  type?: CustomerType;
  search?: string;
  /** 1-based record index */
  start?: number;
  limit?: number;
}

/** firstName, lastName, state; an SSN and/or birthday; a phone and/or email. */
export interface NewConsumer {
  firstName: string;
  lastName: string;
  state: string;
  address?: string;
  city?: string;
  zip?: string;
  phone?: string;
  email?: string;
  /** nine digits, with or without hyphens */
  ssn?: string;
  birthday?: Birthday;
  suffix?: string;
}

export interface InstitutionQuery {
  search?: string;
  /** 1-based page number */
  start?: number;
  /** 1–1000, default 25 */
  limit?: number;
  type?: InstitutionProduct;
}

export type WebhookContentType = 'application/json' | 'application/xml';

/** Parameters every Connect variant accepts. */
export interface ConnectOptions {
  webhook?: string;
  webhookContentType?: WebhookContentType;
  /** echoed in every webhook event's body (the portal puts its link id here) */
  webhookData?: Record<string, unknown>;
  /** sent as HTTP headers with every webhook event */
  webhookHeaders?: Record<string, string>;
  /** "default" or an experience GUID; absent = stock look */
  experience?: string;
  /** en, es, fr or a locale such as fr-CA */
  language?: string;
  redirectUri?: string;
  singleUseUrl?: boolean;
  institutionSettings?: Record<string, unknown>;
}

/** Only for reports: lets Connect skip asking for the SSN. */
export interface ConsumerInfo {
  ssn: string;
  dateOfBirth?: Date;
}

export interface ReportCustomField {
  label: string;
  value: string;
  shown?: boolean;
}

export interface ReportOptions {
  fromDate?: Date;
  /** at most five */
  reportCustomFields?: ReportCustomField[];
}

export interface EmbeddingOptions {
  isHostedInMobileApp?: boolean;
  /** deprecated by Mastercard in favour of the SDK's redirectUrl */
  isWebView?: boolean;
}

export interface FullLinkInput extends ConnectOptions, ReportOptions, EmbeddingOptions {
  customerId: string;
  consumerId?: string;
  optionalConsumerInfo?: ConsumerInfo;
}

export interface LiteLinkInput extends ConnectOptions, EmbeddingOptions {
  customerId: string;
  institutionId: number;
}

export interface FixLinkInput extends ConnectOptions, EmbeddingOptions {
  customerId: string;
  institutionLoginId: string;
}

export interface Borrower {
  customerId: string;
  consumerId: string;
  type: 'primary' | 'jointBorrower';
  optionalConsumerInfo?: ConsumerInfo;
}

export interface JointBorrowerLinkInput extends ConnectOptions, ReportOptions {
  /** exactly one primary borrower */
  borrowers: Borrower[];
}

export interface ConnectEmailInput extends ConnectOptions, ReportOptions {
  customerId: string;
  consumerId: string;
  email: EmailOptions;
  optionalConsumerInfo?: ConsumerInfo;
}

export interface JointBorrowerEmailInput extends ConnectOptions, ReportOptions {
  borrowers: Borrower[];
  email: EmailOptions;
}
