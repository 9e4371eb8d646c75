'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { removeInstitutionLoginAction } from '@/app/link/actions';
import type { InstitutionLoginView } from '@/lib/accounts/types';
import { useConnect } from '../connect/connect-provider';
import { Button } from '../ui/button';

async function fetchAccounts(): Promise<InstitutionLoginView[]> {
  const response = await fetch('/api/accounts', { cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? 'Your accounts could not be loaded.');
  return body.logins as InstitutionLoginView[];
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

export function AccountsList() {
  const query = useQuery({ queryKey: ['accounts'], queryFn: fetchAccounts });
  return (
    <section aria-labelledby="accounts-heading" className="mt-10">
      <div className="mb-3 flex items-center justify-between gap-4">
        <h2 id="accounts-heading" className="text-xl font-semibold">
          Your accounts
        </h2>
        <Button
          variant="secondary"
          onClick={() => void query.refetch()}
          disabled={query.isFetching}
        >
          {query.isFetching ? 'Refreshing…' : 'Refresh'}
        </Button>
      </div>
      {query.isPending ? <p className="text-slate-700">Loading your accounts…</p> : null}
      {query.isError ? (
        <p role="alert" className="text-red-800">
          {(query.error as Error).message}
        </p>
      ) : null}
      {query.data && query.data.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-400 bg-white p-6 text-slate-700">
          No accounts linked yet. Connect your bank above; your accounts appear here.
        </p>
      ) : null}
      <div className="flex flex-col gap-4">
        {query.data?.map((login) => (
          <InstitutionLogin key={login.institutionLoginId} login={login} />
        ))}
      </div>
    </section>
  );
}

function InstitutionLogin({ login }: { login: InstitutionLoginView }) {
  const connect = useConnect();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const removeRef = useRef<HTMLButtonElement | null>(null);
  const remove = useMutation({
    mutationFn: async () => {
      const result = await removeInstitutionLoginAction({
        institutionLoginId: login.institutionLoginId,
      });
      if (!result.ok) throw new Error(result.error);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['accounts'] }),
  });
  const headingId = `login-${login.institutionLoginId}`;
  return (
    <article
      aria-labelledby={headingId}
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-center gap-3">
        {login.logoUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- logos come from the API host
          <img
            src={login.logoUrl}
            alt=""
            width={32}
            height={32}
            className="h-8 w-auto max-w-24 rounded object-contain"
          />
        ) : null}
        <div className="flex-1">
          <h3 id={headingId} className="text-lg font-semibold">
            {login.institutionName}
          </h3>
          {/* The same bank can be connected twice (two sign-ins); the connection id tells them apart. */}
          <p className="text-xs text-slate-600">Connection {login.institutionLoginId}</p>
        </div>
        {login.fixable ? (
          <Button
            onClick={(e) =>
              connect.start(
                {
                  kind: 'fix',
                  institutionLoginId: login.institutionLoginId,
                  institutionName: login.institutionName,
                },
                e.currentTarget,
              )
            }
            disabled={connect.busy}
          >
            Reconnect<span className="sr-only"> {login.institutionName}</span>
          </Button>
        ) : null}
        <Button
          ref={removeRef}
          variant="secondary"
          onClick={() => setConfirming(true)}
          disabled={remove.isPending}
        >
          Remove this bank<span className="sr-only">: {login.institutionName}</span>
        </Button>
      </div>
      {confirming ? (
        <div
          role="alertdialog"
          aria-labelledby={`${headingId}-confirm`}
          className="mt-3 rounded-md bg-red-50 p-3"
        >
          <p id={`${headingId}-confirm`} className="text-red-900">
            Remove {login.institutionName} and its {login.accounts.length} account
            {login.accounts.length === 1 ? '' : 's'}? You can connect it again later.
          </p>
          <div className="mt-2 flex gap-2">
            <Button
              variant="danger"
              autoFocus
              onClick={() => {
                setConfirming(false);
                remove.mutate();
              }}
            >
              Yes, remove
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setConfirming(false);
                removeRef.current?.focus();
              }}
            >
              Keep it
            </Button>
          </div>
        </div>
      ) : null}
      {remove.isError ? (
        <p role="alert" className="mt-2 text-red-800">
          {(remove.error as Error).message}
        </p>
      ) : null}
      <ul className="mt-3 divide-y divide-slate-200">
        {login.accounts.map((account) => (
          <li key={account.id} className="flex flex-wrap items-start gap-x-4 gap-y-1 py-3">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {account.name} <span className="text-slate-600">{account.numberMasked}</span>
              </p>
              <p className="text-sm text-slate-700">
                {typeLabel(account.type)}
                {account.lastUpdated
                  ? ` · updated ${new Date(account.lastUpdated).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })}`
                  : ''}
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
