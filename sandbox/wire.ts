// Wire shapes of the spec, built from store records.
import type { AccountRecord, ConsumerRecord, CustomerRecord } from './store';

const ACH_TYPES = new Set(['checking', 'savings', 'moneyMarket']);

/** CustomerAccount of the spec. Account numbers never leave the sandbox in full. */
export function accountToWire(account: AccountRecord) {
  const last4 = account.realAccountNumber.slice(-4);
  const wire: Record<string, unknown> = {
    id: account.id,
    number: last4,
    accountNumberDisplay: last4,
    name: account.name,
    accountNickname: account.name,
    balance: account.balance,
    type: account.type,
    status: account.status,
    customerId: account.customerId,
    institutionId: String(account.institutionId),
    balanceDate: account.balanceDate,
    aggregationSuccessDate: account.aggregationSuccessDate,
    aggregationAttemptDate: account.aggregationAttemptDate,
    createdDate: account.createdDate,
    lastUpdatedDate: account.lastUpdatedDate,
    currency: account.currency,
    lastTransactionDate: account.lastTransactionDate,
    oldestTransactionDate: account.oldestTransactionDate,
    institutionLoginId: account.institutionLoginId,
    displayPosition: account.displayPosition,
    marketSegment: account.marketSegment,
    linkedAccountDate: account.linkedAccountDate,
  };
  if (ACH_TYPES.has(account.type)) wire.realAccountNumberLast4 = last4;
  if (account.aggregationStatusCode !== undefined)
    wire.aggregationStatusCode = account.aggregationStatusCode;
  if (account.detail) wire.detail = account.detail;
  for (const key of Object.keys(wire)) if (wire[key] === undefined) delete wire[key];
  return wire;
}

/** Customer of the spec (GET by id adds applicationId). Dates are strings here, as in the spec. */
export function customerToWire(customer: CustomerRecord, withApplication = false) {
  const wire: Record<string, unknown> = {
    id: customer.id,
    username: customer.username,
    firstName: customer.firstName,
    lastName: customer.lastName,
    phone: customer.phone,
    email: customer.email,
    type: customer.type,
    createdDate: String(customer.createdDate),
    lastModifiedDate: String(customer.lastModifiedDate),
  };
  if (withApplication) wire.applicationId = customer.applicationId;
  for (const key of Object.keys(wire)) if (wire[key] === undefined) delete wire[key];
  return wire;
}

/** Consumer of the spec: the SSN is reduced to its last 4 digits. */
export function consumerToWire(consumer: ConsumerRecord) {
  const wire: Record<string, unknown> = {
    id: consumer.id,
    firstName: consumer.firstName,
    lastName: consumer.lastName,
    customerId: Number(consumer.customerId),
    address: consumer.address ?? '',
    city: consumer.city ?? '',
    state: consumer.state,
    zip: consumer.zip ?? '',
    phone: consumer.phone ?? '',
    ssn: consumer.ssn ? consumer.ssn.slice(-4) : '',
    birthday: consumer.birthday ?? {},
    email: consumer.email ?? '',
    createdDate: consumer.createdDate,
  };
  if (consumer.suffix) wire.suffix = consumer.suffix;
  if (consumer.endUser) wire.endUser = consumer.endUser;
  return wire;
}
