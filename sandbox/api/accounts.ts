// Accounts (aggregation service): list by customer, login or institution, get, delete, refresh,
// and deleting an institution login.
import type { SandboxContext } from '../context';
import { apiError, json, noContent, type Req, type Res, type Router } from '../http';
import { deleteInstitutionLogin } from '../sessions';
import type { AccountRecord } from '../store';
import { accountToWire } from '../wire';
import { requireCustomer } from './shared';

export function registerAccounts(router: Router, ctx: SandboxContext): void {
  const state = () => ctx.store.state;
  const accountsOf = (customerId: string) =>
    Object.values(state().accounts)
      .filter((a) => a.customerId === customerId)
      .sort(
        (a, b) =>
          a.institutionLoginId - b.institutionLoginId || a.displayPosition - b.displayPosition,
      );
  const noLoginAccounts = (id: string) =>
    apiError(
      404,
      38007,
      `Customer does not have any accounts associated with institutionLoginId = (${id})`,
    );

  router.add('GET', '/aggregation/v1/customers/{customerId}/accounts', (req) => {
    const customerId = req.params.customerId ?? '';
    requireCustomer(ctx, customerId);
    const status = req.query.get('status');
    if (status !== null && status !== 'active' && status !== 'pending') {
      return apiError(400, 18017, "status parameter value must be 'active' or 'pending'");
    }
    const list = accountsOf(customerId).filter((a) => !status || a.status === status);
    return json(200, { accounts: list.map(accountToWire) });
  });

  router.add(
    'GET',
    '/aggregation/v1/customers/{customerId}/institutionLogins/{institutionLoginId}/accounts',
    (req) => {
      const customerId = req.params.customerId ?? '';
      const loginId = req.params.institutionLoginId ?? '';
      requireCustomer(ctx, customerId);
      const list = accountsOf(customerId).filter((a) => String(a.institutionLoginId) === loginId);
      if (list.length === 0) return noLoginAccounts(loginId);
      return json(200, { accounts: list.map(accountToWire) });
    },
  );

  router.add(
    'GET',
    '/aggregation/v1/customers/{customerId}/institutions/{institutionId}/accounts',
    (req) => {
      const customerId = req.params.customerId ?? '';
      const institutionId = req.params.institutionId ?? '';
      requireCustomer(ctx, customerId);
      const list = accountsOf(customerId).filter((a) => String(a.institutionId) === institutionId);
      if (list.length === 0) {
        return apiError(
          404,
          38006,
          `Customer does not have any accounts associated with institutionId = (${institutionId})`,
        );
      }
      return json(200, { accounts: list.map(accountToWire) });
    },
  );

  const accountMissing = (customerId: string, accountId: string) =>
    apiError(
      404,
      38003,
      `customer does not have given account (customerId = ${customerId}, accountId = [${accountId}])`,
    );

  router.add('GET', '/aggregation/v2/customers/{customerId}/accounts/{accountId}', (req) => {
    const customerId = req.params.customerId ?? '';
    const accountId = req.params.accountId ?? '';
    const account = state().accounts[accountId];
    if (!account || account.customerId !== customerId) return accountMissing(customerId, accountId);
    return json(200, accountToWire(account));
  });

  router.add('DELETE', '/aggregation/v1/customers/{customerId}/accounts/{accountId}', (req) => {
    const customerId = req.params.customerId ?? '';
    const accountId = req.params.accountId ?? '';
    const account = state().accounts[accountId];
    if (!account || account.customerId !== customerId) return accountMissing(customerId, accountId);
    delete state().accounts[accountId];
    ctx.store.save();
    return noContent();
  });

  router.add(
    'DELETE',
    '/aggregation/v1/customers/{customerId}/institutionLogins/{institutionLoginId}',
    async (req) => {
      const customerId = req.params.customerId ?? '';
      const loginId = req.params.institutionLoginId ?? '';
      const login = state().institutionLogins[loginId];
      if (!login || login.customerId !== customerId) return noLoginAccounts(loginId);
      await deleteInstitutionLogin(ctx, login.id);
      return noContent();
    },
  );

  // Refresh: instant in the sandbox (the real call can take minutes). Accounts whose
  // aggregationStatusCode is non-zero keep it: refreshing does not repair a broken login.
  function refresh(customerId: string, loginId?: string) {
    const seconds = Math.floor(ctx.clock.now() / 1000);
    const list = accountsOf(customerId).filter(
      (a) => loginId === undefined || String(a.institutionLoginId) === loginId,
    );
    for (const account of list) {
      account.aggregationAttemptDate = seconds;
      if (!account.aggregationStatusCode) {
        account.aggregationSuccessDate = seconds;
        account.balanceDate = seconds;
        account.lastUpdatedDate = seconds;
      }
    }
    ctx.store.save();
    return list;
  }
  router.add('POST', '/aggregation/v1/customers/{customerId}/accounts', (req) => {
    const customerId = req.params.customerId ?? '';
    requireCustomer(ctx, customerId);
    return json(200, { accounts: refresh(customerId).map(accountToWire) });
  });
  router.add('POST', '/aggregation/v2/customers/{customerId}/accounts', (req) => {
    const customerId = req.params.customerId ?? '';
    requireCustomer(ctx, customerId);
    refresh(customerId);
    return noContent();
  });
  // Refreshing one login: v1 answers its accounts, v2 answers 204.
  const refreshLogin = (answer: (list: AccountRecord[]) => Res) => (req: Req) => {
    const customerId = req.params.customerId ?? '';
    const loginId = req.params.institutionLoginId ?? '';
    requireCustomer(ctx, customerId);
    const list = refresh(customerId, loginId);
    if (list.length === 0) return noLoginAccounts(loginId);
    return answer(list);
  };
  router.add(
    'POST',
    '/aggregation/v1/customers/{customerId}/institutionLogins/{institutionLoginId}/accounts',
    refreshLogin((list) => json(200, { accounts: list.map(accountToWire) })),
  );
  router.add(
    'POST',
    '/aggregation/v2/customers/{customerId}/institutionLogins/{institutionLoginId}/accounts',
    refreshLogin(() => noContent()),
  );
}
