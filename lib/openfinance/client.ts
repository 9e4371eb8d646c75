import 'server-only';
import { log as defaultLogger, type Logger } from '../log';
import { parseOpenFinanceConfig, type OpenFinanceConfigInput } from './config';
import { createHttp, type Http } from './http';
import {
  linkExpiry,
  toAccount,
  toConnectLink,
  toConsumer,
  toCustomer,
  toInstitution,
  toInstitutionBranding,
  type Account,
  type AccountStatus,
  type Borrower,
  type ConnectEmail,
  type ConnectEmailInput,
  type ConnectLink,
  type ConnectOptions,
  type Consumer,
  type ConsumerInfo,
  type CreatedConsumer,
  type CreatedCustomer,
  type Customer,
  type CustomerPage,
  type CustomerQuery,
  type EmailOptions,
  type FixLinkInput,
  type FullLinkInput,
  type Institution,
  type InstitutionBranding,
  type InstitutionPage,
  type InstitutionQuery,
  type JointBorrowerEmailInput,
  type JointBorrowerLinkInput,
  type LiteLinkInput,
  type NewConsumer,
  type NewCustomer,
  type ReportOptions,
} from './model';
import type { TokenCacheState } from './token-cache';
import { sendRequest, type Transport } from './transport';
import {
  brandingWrapperSchema,
  connectEmailUrlSchema,
  connectUrlSchema,
  createdConsumerSchema,
  createdCustomerSchema,
  customerAccountsSchema,
  customerSchema,
  customersSchema,
  consumerSchema,
  institutionsSchema,
  institutionWrapperSchema,
  type WireBorrower,
  type WireConnectCommon,
  type WireConsumerInfo,
} from './wire';

/**
 * Typed operations for every Open Finance call the portal makes. Each takes and returns the
 * portal's own types (`model.ts`); wire shapes never leave this folder. Every failure is an
 * ApiError whose `safeMessage` can be shown to the person who asked.
 */
export interface OpenFinanceClient {
  /** Makes sure a valid partner token is held (one authentication at most); never returns it. */
  authenticate(): Promise<TokenCacheState>;
  getTokenCacheState(): TokenCacheState;

  addTestingCustomer(customer: NewCustomer): Promise<CreatedCustomer>;
  /** Billable; refused in Test Drive and the sandbox (ApiError kind 'auth'). */
  addActiveCustomer(customer: NewCustomer): Promise<CreatedCustomer>;
  getCustomer(customerId: string): Promise<Customer>;
  listCustomers(query?: CustomerQuery): Promise<CustomerPage>;
  deleteCustomer(customerId: string): Promise<void>;

  createConsumer(customerId: string, consumer: NewConsumer): Promise<CreatedConsumer>;
  getConsumerForCustomer(customerId: string): Promise<Consumer>;
  getConsumer(consumerId: string): Promise<Consumer>;

  searchInstitutions(query?: InstitutionQuery): Promise<InstitutionPage>;
  getInstitution(institutionId: number): Promise<Institution>;
  getInstitutionBranding(institutionId: number): Promise<InstitutionBranding>;

  /** POST /connect/v2/generate (Full) */
  generateFullLink(input: FullLinkInput): Promise<ConnectLink>;
  /** POST /connect/v2/generate/lite */
  generateLiteLink(input: LiteLinkInput): Promise<ConnectLink>;
  /** POST /connect/v2/generate/fix (404 38007 when the login has no accounts of the customer) */
  generateFixLink(input: FixLinkInput): Promise<ConnectLink>;
  /** POST /connect/v2/generate/jointBorrower */
  generateJointBorrowerLink(input: JointBorrowerLinkInput): Promise<ConnectLink>;
  /** POST /connect/v2/send/email */
  sendConnectEmail(input: ConnectEmailInput): Promise<ConnectEmail>;
  /** POST /connect/v2/send/email/jointBorrower */
  sendJointBorrowerEmail(input: JointBorrowerEmailInput): Promise<ConnectEmail>;

  listCustomerAccounts(customerId: string, filter?: { status?: AccountStatus }): Promise<Account[]>;
  listInstitutionLoginAccounts(customerId: string, institutionLoginId: string): Promise<Account[]>;
  deleteInstitutionLogin(customerId: string, institutionLoginId: string): Promise<void>;
}

export interface OpenFinanceClientDeps {
  transport?: Transport;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** epoch ms; tests move it to age the token */
  now?: () => number;
  logger?: Logger;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------- request bodies ----------

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function consumerInfoToWire(info: ConsumerInfo | undefined): WireConsumerInfo | undefined {
  if (!info) return undefined;
  return {
    ssn: info.ssn.replace(/\D/g, ''),
    dob: info.dateOfBirth ? epochSeconds(info.dateOfBirth) : undefined,
  };
}

function connectOptionsToWire(options: ConnectOptions): WireConnectCommon {
  return {
    language: options.language,
    redirectUri: options.redirectUri,
    webhook: options.webhook,
    webhookContentType: options.webhook
      ? (options.webhookContentType ?? 'application/json')
      : undefined,
    webhookData: options.webhookData,
    webhookHeaders: options.webhookHeaders,
    experience: options.experience,
    singleUseUrl: options.singleUseUrl,
    institutionSettings: options.institutionSettings,
  };
}

function reportOptionsToWire(options: ReportOptions) {
  return {
    fromDate: options.fromDate ? epochSeconds(options.fromDate) : undefined,
    reportCustomFields: options.reportCustomFields,
  };
}

function borrowersToWire(borrowers: Borrower[]): WireBorrower[] {
  return borrowers.map((b) => ({
    customerId: b.customerId,
    consumerId: b.consumerId,
    type: b.type,
    optionalConsumerInfo: consumerInfoToWire(b.optionalConsumerInfo),
  }));
}

function emailToWire(email: EmailOptions): EmailOptions {
  return { ...email };
}

function toConnectEmail(wire: { link: string; emailConfig?: EmailOptions }): ConnectEmail {
  const out: ConnectEmail = { link: wire.link };
  const expiresAt = linkExpiry(wire.link);
  if (expiresAt) out.expiresAt = expiresAt;
  if (wire.emailConfig) out.emailConfig = wire.emailConfig;
  return out;
}

// ---------- the client ----------

export function createOpenFinanceClient(
  configInput: OpenFinanceConfigInput,
  deps: OpenFinanceClientDeps = {},
): OpenFinanceClient {
  const config = parseOpenFinanceConfig(configInput);
  const http: Http = createHttp(config, {
    transport: deps.transport ?? sendRequest,
    sleep: deps.sleep ?? sleep,
    random: deps.random ?? Math.random,
    now: deps.now ?? Date.now,
    logger: (deps.logger ?? defaultLogger).child({ component: 'openfinance' }),
  });
  const { request } = http;
  const partnerId = config.partnerId;

  const addCustomer = (type: 'testing' | 'active') => async (customer: NewCustomer) => {
    const wire = await request({
      method: 'POST',
      path: `/aggregation/v2/customers/${type}`,
      body: {
        username: customer.username,
        firstName: customer.firstName,
        lastName: customer.lastName,
        email: customer.email,
        phone: customer.phone,
        applicationId: customer.applicationId,
      },
      schema: createdCustomerSchema,
    });
    return { id: wire.id, username: wire.username, createdAt: new Date(wire.createdDate * 1000) };
  };

  const connect = async (path: string, body: Record<string, unknown>) =>
    toConnectLink(await request({ method: 'POST', path, body, schema: connectUrlSchema }));

  const connectEmail = async (path: string, body: Record<string, unknown>) =>
    toConnectEmail(await request({ method: 'POST', path, body, schema: connectEmailUrlSchema }));

  return {
    async authenticate() {
      await http.tokens.getToken();
      return http.tokens.state();
    },
    getTokenCacheState: () => http.tokens.state(),

    addTestingCustomer: addCustomer('testing'),
    addActiveCustomer: addCustomer('active'),

    async getCustomer(customerId) {
      const wire = await request({
        method: 'GET',
        path: '/aggregation/v1/customers/{customerId}',
        params: { customerId },
        schema: customerSchema,
      });
      return toCustomer(wire);
    },

    async listCustomers(query = {}) {
      const wire = await request({
        method: 'GET',
        path: '/aggregation/v1/customers',
        query: { ...query },
        schema: customersSchema,
      });
      return {
        found: wire.found ?? wire.customers.length,
        displaying: wire.displaying,
        moreAvailable: wire.moreAvailable,
        customers: wire.customers.map(toCustomer),
      };
    },

    async deleteCustomer(customerId) {
      await request({
        method: 'DELETE',
        path: '/aggregation/v1/customers/{customerId}',
        params: { customerId },
      });
    },

    async createConsumer(customerId, consumer) {
      const wire = await request({
        method: 'POST',
        path: '/decisioning/v1/customers/{customerId}/consumer',
        params: { customerId },
        body: {
          firstName: consumer.firstName,
          lastName: consumer.lastName,
          address: consumer.address,
          city: consumer.city,
          state: consumer.state,
          zip: consumer.zip,
          phone: consumer.phone,
          email: consumer.email,
          ssn: consumer.ssn,
          birthday: consumer.birthday,
          suffix: consumer.suffix,
        },
        schema: createdConsumerSchema,
      });
      return {
        id: wire.id,
        customerId: wire.customerId,
        createdAt: new Date(wire.createdDate * 1000),
      };
    },

    async getConsumerForCustomer(customerId) {
      const wire = await request({
        method: 'GET',
        path: '/decisioning/v1/customers/{customerId}/consumer',
        params: { customerId },
        schema: consumerSchema,
      });
      return toConsumer(wire);
    },

    async getConsumer(consumerId) {
      const wire = await request({
        method: 'GET',
        path: '/decisioning/v1/consumers/{consumerId}',
        params: { consumerId },
        schema: consumerSchema,
      });
      return toConsumer(wire);
    },

    async searchInstitutions(query = {}) {
      const wire = await request({
        method: 'GET',
        path: '/institution/v2/institutions',
        query: { search: query.search, start: query.start, limit: query.limit, type: query.type },
        schema: institutionsSchema,
      });
      return {
        found: wire.found,
        displaying: wire.displaying,
        moreAvailable: wire.moreAvailable,
        institutions: wire.institutions.map(toInstitution),
      };
    },

    async getInstitution(institutionId) {
      const wire = await request({
        method: 'GET',
        path: '/institution/v2/institutions/{institutionId}',
        params: { institutionId },
        schema: institutionWrapperSchema,
      });
      return toInstitution(wire.institution);
    },

    async getInstitutionBranding(institutionId) {
      const wire = await request({
        method: 'GET',
        path: '/institution/v2/institutions/{institutionId}/branding',
        params: { institutionId },
        schema: brandingWrapperSchema,
      });
      return toInstitutionBranding(wire.branding);
    },

    generateFullLink: (input) =>
      connect('/connect/v2/generate', {
        partnerId,
        customerId: input.customerId,
        consumerId: input.consumerId,
        ...connectOptionsToWire(input),
        ...reportOptionsToWire(input),
        optionalConsumerInfo: consumerInfoToWire(input.optionalConsumerInfo),
        isHostedInMobileApp: input.isHostedInMobileApp,
        isWebView: input.isWebView,
      }),

    generateLiteLink: (input) =>
      connect('/connect/v2/generate/lite', {
        partnerId,
        customerId: input.customerId,
        institutionId: input.institutionId,
        ...connectOptionsToWire(input),
        isHostedInMobileApp: input.isHostedInMobileApp,
        isWebView: input.isWebView,
      }),

    generateFixLink: (input) =>
      connect('/connect/v2/generate/fix', {
        partnerId,
        customerId: input.customerId,
        // a string in this body, although accounts carry it as a number
        institutionLoginId: String(input.institutionLoginId),
        ...connectOptionsToWire(input),
        isHostedInMobileApp: input.isHostedInMobileApp,
        isWebView: input.isWebView,
      }),

    generateJointBorrowerLink: (input) =>
      connect('/connect/v2/generate/jointBorrower', {
        partnerId,
        borrowers: borrowersToWire(input.borrowers),
        ...connectOptionsToWire(input),
        ...reportOptionsToWire(input),
      }),

    sendConnectEmail: (input) =>
      connectEmail('/connect/v2/send/email', {
        partnerId,
        customerId: input.customerId,
        consumerId: input.consumerId,
        email: emailToWire(input.email),
        ...connectOptionsToWire(input),
        ...reportOptionsToWire(input),
        optionalConsumerInfo: consumerInfoToWire(input.optionalConsumerInfo),
      }),

    sendJointBorrowerEmail: (input) =>
      connectEmail('/connect/v2/send/email/jointBorrower', {
        partnerId,
        borrowers: borrowersToWire(input.borrowers),
        email: emailToWire(input.email),
        ...connectOptionsToWire(input),
        ...reportOptionsToWire(input),
      }),

    async listCustomerAccounts(customerId, filter = {}) {
      const wire = await request({
        method: 'GET',
        path: '/aggregation/v1/customers/{customerId}/accounts',
        params: { customerId },
        query: { status: filter.status },
        schema: customerAccountsSchema,
      });
      return wire.accounts.map(toAccount);
    },

    async listInstitutionLoginAccounts(customerId, institutionLoginId) {
      const wire = await request({
        method: 'GET',
        path: '/aggregation/v1/customers/{customerId}/institutionLogins/{institutionLoginId}/accounts',
        params: { customerId, institutionLoginId },
        schema: customerAccountsSchema,
      });
      return wire.accounts.map(toAccount);
    },

    async deleteInstitutionLogin(customerId, institutionLoginId) {
      await request({
        method: 'DELETE',
        path: '/aggregation/v1/customers/{customerId}/institutionLogins/{institutionLoginId}',
        params: { customerId, institutionLoginId },
      });
    },
  };
}
