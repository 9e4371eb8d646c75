import { Suspense } from 'react';
import { listAccountGroups } from '@/lib/accounts/accounts';
import type { InstitutionLoginView } from '@/lib/accounts/types';
import { isApiError } from '@/lib/openfinance';
import { LoginActions, RefreshAccountsButton } from './account-actions';
import { DateTime } from '../ui/date-time';
import { InstitutionLogo } from '../ui/institution-logo';

/**
 * "Your accounts": rendered on the server (streamed, so the rest of the page does not wait for
 * Mastercard), with small client parts for Refresh, Reconnect and Remove. After a Connect session
 * or a removal the page refreshes and this renders again.
 */
export function AccountsSection({ customerId }: { customerId: string }) {
  return (
    <section aria-labelledby="accounts-heading" className="mt-10">
      <div className="mb-3 flex items-center justify-between gap-4">
        <h2 id="accounts-heading" className="text-xl font-semibold">
          Your accounts
        </h2>
        <RefreshAccountsButton />
      </div>
      <Suspense fallback={<p className="text-slate-700">Loading your accounts…</p>}>
        <AccountsContent customerId={customerId} />
      </Suspense>
    </section>
  );
}

async function AccountsContent({ customerId }: { customerId: string }) {
  let logins: InstitutionLoginView[];
  try {
    logins = await listAccountGroups(customerId);
  } catch (error) {
    return (
      <p role="alert" className="text-red-800">
        {isApiError(error) ? error.safeMessage : 'Your accounts could not be loaded.'} Use Refresh
        to try again.
      </p>
    );
  }
  if (logins.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-400 bg-white p-6 text-slate-700">
        No accounts linked yet. Connect your bank above; your accounts appear here.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {logins.map((login) => (
        <InstitutionLogin key={login.institutionLoginId} login={login} />
      ))}
    </div>
  );
}

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);

const toneStyles = {
  ok: 'bg-green-50 text-green-900',
  pending: 'bg-slate-100 text-slate-800',
  fixable: 'bg-amber-50 text-amber-900',
  problem: 'bg-red-50 text-red-900',
} as const;

const TYPE_LABELS: Record<string, string> = {
  checking: 'Checking',
  savings: 'Savings',
  cd: 'Certificate of deposit',
  moneyMarket: 'Money market',
  creditCard: 'Credit card',
  lineOfCredit: 'Line of credit',
  investment: 'Investment',
  '401k': '401(k)',
  ira: 'IRA',
  roth: 'Roth IRA',
  mortgage: 'Mortgage',
  loan: 'Loan',
  studentLoan: 'Student loan',
};

function typeLabel(type: string): string {
  if (TYPE_LABELS[type]) return TYPE_LABELS[type];
  const words = type.replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function InstitutionLogin({ login }: { login: InstitutionLoginView }) {
  const headingId = `login-${login.institutionLoginId}`;
  return (
    <article
      aria-labelledby={headingId}
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-center gap-3">
        <InstitutionLogo src={login.logoUrl} className="h-8 w-auto max-w-24 rounded" />
        <div className="flex-1">
          <h3 id={headingId} className="text-lg font-semibold">
            {login.institutionName}
          </h3>
          {/* The same bank can be connected twice (two sign-ins); the connection id tells them apart. */}
          <p className="text-xs text-slate-600">Connection {login.institutionLoginId}</p>
        </div>
        <LoginActions
          institutionLoginId={login.institutionLoginId}
          institutionName={login.institutionName}
          fixable={login.fixable}
          accountCount={login.accounts.length}
          headingId={headingId}
        />
      </div>
      <ul className="mt-3 divide-y divide-slate-200">
        {login.accounts.map((account) => (
          <li key={account.id} className="flex flex-wrap items-start gap-x-4 gap-y-1 py-3">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {account.name} <span className="text-slate-600">{account.numberMasked}</span>
              </p>
              <p className="text-sm text-slate-700">
                {typeLabel(account.type)}
                {account.lastUpdated ? (
                  <>
                    {' · updated '}
                    <DateTime value={account.lastUpdated} />
                  </>
                ) : null}
              </p>
              {account.health.message ? (
                <p className="mt-1 text-sm text-slate-800">{account.health.message}</p>
              ) : null}
            </div>
            <div className="text-right">
              <p className="font-medium tabular-nums">
                {account.balance === null ? '—' : money(account.balance, account.currency)}
              </p>
              <span
                className={`mt-1 inline-block rounded px-2 py-0.5 text-xs font-medium ${toneStyles[account.health.tone]}`}
              >
                {account.health.label}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </article>
  );
}
