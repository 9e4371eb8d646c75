import 'server-only';
import { getOpenFinanceClient, type Account } from '../openfinance';
import { accountHealth } from './status';
import type { AccountView, InstitutionLoginView } from './types';

/** The customer's linked accounts, grouped by institution login (what Fix and Remove act on). */

const nameCache = new Map<number, Promise<{ name: string; logoUrl: string | null }>>();

function institutionName(id: number) {
  let hit = nameCache.get(id);
  if (!hit) {
    hit = getOpenFinanceClient()
      .getInstitution(id)
      .then((i) => ({ name: i.name, logoUrl: i.logoUrl ?? i.iconUrl ?? null }))
      .catch(() => {
        nameCache.delete(id);
        return { name: `Institution ${id}`, logoUrl: null };
      });
    nameCache.set(id, hit);
  }
  return hit;
}

function toView(account: Account): AccountView {
  const lastUpdated = account.lastAggregationSuccessAt ?? account.lastUpdated;
  return {
    id: account.id,
    name: account.name,
    numberMasked: account.numberMasked,
    type: account.type,
    balance: account.balance ?? null,
    currency: account.currency ?? 'USD',
    lastUpdated: lastUpdated ? lastUpdated.toISOString() : null,
    aggregationStatusCode: account.aggregationStatusCode ?? null,
    health: accountHealth(account.aggregationStatusCode, account.status),
  };
}

export async function listAccountGroups(customerId: string): Promise<InstitutionLoginView[]> {
  const accounts = await getOpenFinanceClient().listCustomerAccounts(customerId);
  const groups = new Map<string, { institutionId: number; accounts: Account[] }>();
  for (const account of accounts) {
    const group = groups.get(account.institutionLoginId) ?? {
      institutionId: account.institutionId,
      accounts: [],
    };
    group.accounts.push(account);
    groups.set(account.institutionLoginId, group);
  }
  return Promise.all(
    [...groups.entries()].map(async ([institutionLoginId, group]) => {
      const institution = await institutionName(group.institutionId);
      const views = group.accounts.map(toView);
      return {
        institutionLoginId,
        institutionId: group.institutionId,
        institutionName: institution.name,
        logoUrl: institution.logoUrl,
        fixable: views.some((a) => a.health.fixable),
        accounts: views,
      };
    }),
  );
}

/** True when the institution login holds accounts of this customer (guards Fix and Remove). */
export async function customerHasLogin(customerId: string, institutionLoginId: string) {
  const accounts = await getOpenFinanceClient().listCustomerAccounts(customerId);
  return accounts.some((a) => a.institutionLoginId === institutionLoginId);
}
