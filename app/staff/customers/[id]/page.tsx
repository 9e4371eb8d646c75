import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ConsumerForm } from '@/components/staff/consumer-form';
import { toCustomerOption } from '@/components/staff/customer-option';
import { GenerateLinkForm } from '@/components/staff/generate-link-form';
import {
  formatDateTime,
  fullName,
  LINK_KIND_LABELS,
  linkStatusLabel,
} from '@/components/staff/labels';
import { PersonalLinkForm, PersonalLinksTable } from '@/components/staff/personal-links';
import { DateTime } from '@/components/ui/date-time';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth';
import { CUSTOMER_TOKEN_TTL_MS } from '@/lib/auth/customer-tokens';
import { listCustomerTokens } from '@/lib/auth/customer-tokens';
import { getStaffNames } from '@/lib/auth/staff';
import { listCustomerLinks, withEffectiveStatus } from '@/lib/connect/links';
import { getCustomer, listCustomers } from '@/lib/customers/queries';
import { getDb } from '@/lib/db';
import {
  addConsumerAction,
  createPersonalLinkAction,
  generateLinkAction,
  revokePersonalLinkAction,
} from './actions';

export const metadata: Metadata = { title: 'Customer' };

const DAY_MS = 24 * 60 * 60 * 1000;

export default async function StaffCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireStaff('staff', `/staff/customers/${encodeURIComponent(id)}`);
  const db = await getDb();
  const customer = await getCustomer(db, id);
  if (!customer) notFound();

  const [links, tokens, everyone] = await Promise.all([
    listCustomerLinks(db, customer.id),
    listCustomerTokens(db, customer.id),
    listCustomers(db, 200),
  ]);
  const staffNames = await getStaffNames(db, [
    ...(customer.createdByUserId ? [customer.createdByUserId] : []),
    ...links.flatMap((link) => (link.createdByUserId ? [link.createdByUserId] : [])),
    ...tokens.flatMap((token) => (token.createdByUserId ? [token.createdByUserId] : [])),
  ]);
  const names = new Map(everyone.map((other) => [other.id, fullName(other)]));
  const now = new Date();
  const name = fullName(customer);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/staff/customers" className="underline underline-offset-2">
          Customers
        </Link>
      </p>
      <PageHeader title={name}>
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm [&_dd]:[overflow-wrap:anywhere]">
          <dt className="font-medium">Open Finance customer ID</dt>
          <dd className="font-mono">{customer.customerId}</dd>
          <dt className="font-medium">Username</dt>
          <dd className="font-mono">{customer.username}</dd>
          <dt className="font-medium">Email</dt>
          <dd>{customer.email ?? '—'}</dd>
          <dt className="font-medium">Type</dt>
          <dd>{customer.type}</dd>
          <dt className="font-medium">Created</dt>
          <dd>
            {formatDateTime(customer.createdAt)}
            {customer.createdByUserId
              ? ` by ${staffNames.get(customer.createdByUserId) ?? 'a former staff member'}`
              : ' by self-signup'}
          </dd>
        </dl>
      </PageHeader>

      <section aria-labelledby="customer-consumer" className="mb-10">
        <h2 id="customer-consumer" className="mb-3 text-lg font-semibold">
          Consumer
        </h2>
        <ConsumerForm
          action={addConsumerAction.bind(null, customer.id)}
          consumerId={customer.consumerId}
          defaults={{
            firstName: customer.firstName,
            lastName: customer.lastName,
            email: customer.email,
          }}
        />
      </section>

      <section aria-labelledby="customer-links" className="mb-10">
        <h2 id="customer-links" className="mb-3 text-lg font-semibold">
          Connect links
        </h2>
        {links.length === 0 ? (
          <p className="text-slate-700">No Connect links yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Connect links of {name}, newest first</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Kind
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Status
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Expires
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Created
                  </th>
                  <th scope="col" className="px-3 py-2">
                    By
                  </th>
                </tr>
              </thead>
              <tbody>
                {links.map((row) => {
                  const link = withEffectiveStatus(row, now);
                  const otherId =
                    link.customerId === customer.id ? link.jointCustomerId : link.customerId;
                  return (
                    <tr key={link.id} className="border-t border-slate-200">
                      <td className="px-3 py-2">
                        {LINK_KIND_LABELS[link.kind]}
                        {otherId ? (
                          <span className="text-slate-600">
                            {' '}
                            with {names.get(otherId) ?? 'another customer'}
                          </span>
                        ) : null}
                        {link.institutionId ? (
                          <span className="text-slate-600">
                            {' '}
                            · institution {link.institutionId}
                          </span>
                        ) : null}
                        {link.institutionLoginId ? (
                          <span className="text-slate-600"> · login {link.institutionLoginId}</span>
                        ) : null}
                        {link.emailTo ? (
                          <span className="text-slate-600"> · to {link.emailTo}</span>
                        ) : null}
                      </td>
                      <td className="px-3 py-2">{linkStatusLabel(link)}</td>
                      <td className="px-3 py-2">
                        <DateTime value={link.expiresAt} />
                      </td>
                      <td className="px-3 py-2">
                        <DateTime value={link.createdAt} />
                      </td>
                      <td className="px-3 py-2">
                        {link.createdByUserId
                          ? (staffNames.get(link.createdByUserId) ?? 'a former staff member')
                          : 'the customer'}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="customer-generate" className="mb-10">
        <h2 id="customer-generate" className="mb-3 text-lg font-semibold">
          Generate a Connect link
        </h2>
        <GenerateLinkForm
          action={generateLinkAction.bind(null, customer.id)}
          otherCustomers={everyone
            .filter((other) => other.id !== customer.id)
            .map(toCustomerOption)}
        />
      </section>

      <section aria-labelledby="customer-personal" className="mb-10">
        <h2 id="customer-personal" className="mb-3 text-lg font-semibold">
          Personal links
        </h2>
        <p className="mb-3 max-w-2xl text-slate-700">
          A personal link opens the customer&apos;s own page at <code>/link</code> without a
          password, for {CUSTOMER_TOKEN_TTL_MS / DAY_MS} days or until it is revoked.
        </p>
        <div className="flex flex-col gap-6">
          <PersonalLinkForm action={createPersonalLinkAction.bind(null, customer.id)} />
          <PersonalLinksTable
            action={revokePersonalLinkAction.bind(null, customer.id)}
            now={now.getTime()}
            rows={tokens.map((token) => ({
              id: token.id,
              createdAt: token.createdAt.toISOString(),
              expiresAt: token.expiresAt.toISOString(),
              lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
              revokedAt: token.revokedAt?.toISOString() ?? null,
              createdBy: token.createdByUserId
                ? (staffNames.get(token.createdByUserId) ?? null)
                : null,
            }))}
          />
        </div>
      </section>
    </>
  );
}
