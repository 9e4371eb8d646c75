import type { Metadata } from 'next';
import Link from 'next/link';
import { ConnectEmailForm } from '@/components/staff/connect-email-form';
import { toCustomerOption } from '@/components/staff/customer-option';
import { fullName, LINK_KIND_LABELS, linkStatusLabel } from '@/components/staff/labels';
import { DateTime } from '@/components/ui/date-time';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth';
import { listConnectEmails } from '@/lib/connect/emails';
import { withEffectiveStatus } from '@/lib/connect/links';
import { listCustomers } from '@/lib/customers/queries';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { sendConnectEmailAction, sendJointEmailAction } from './actions';

export const metadata: Metadata = { title: 'Connect emails' };

/**
 * The sandbox's human mailbox sits at the root of the sandbox's origin (`/mailbox`); its
 * `/__sandbox/mailbox` twin is JSON for tests, so people get the HTML one.
 */
function sandboxMailboxUrl(): string | null {
  const env = getEnv();
  return env.mode === 'sandbox' ? new URL('/mailbox', env.apiUrl).href : null;
}

export default async function StaffEmailsPage() {
  await requireStaff('staff', '/staff/emails');
  const db = await getDb();
  const [customers, emails] = await Promise.all([listCustomers(db, 200), listConnectEmails(db)]);
  const options = customers.map(toCustomerOption);
  const mailbox = sandboxMailboxUrl();
  const now = new Date();
  return (
    <>
      <PageHeader title="Connect emails">
        <p>
          Send a Data Connect email to one borrower or to joint borrowers; Mastercard sends it with
          a link valid for three days. Every borrower needs consumer details first.
        </p>
        {mailbox ? (
          <p className="mt-2">
            In the sandbox nothing leaves the machine:{' '}
            <a href={mailbox} className="font-medium underline underline-offset-2">
              Open the sandbox mailbox
            </a>{' '}
            to read the emails and press their buttons.
          </p>
        ) : null}
      </PageHeader>

      {customers.length === 0 ? (
        <p className="mb-10 rounded-md border border-dashed border-slate-400 bg-white p-6 text-slate-700">
          No customers yet.{' '}
          <Link href="/staff/customers" className="underline">
            Create a customer
          </Link>{' '}
          with consumer details first.
        </p>
      ) : (
        <>
          <section aria-labelledby="emails-single" className="mb-10">
            <h2 id="emails-single" className="mb-3 text-lg font-semibold">
              Send a Connect email
            </h2>
            <ConnectEmailForm
              action={sendConnectEmailAction}
              customers={options}
              joint={false}
              idPrefix="email"
              labelledBy="emails-single"
            />
          </section>
          <section aria-labelledby="emails-joint" className="mb-10">
            <h2 id="emails-joint" className="mb-3 text-lg font-semibold">
              Send a joint borrower email
            </h2>
            <ConnectEmailForm
              action={sendJointEmailAction}
              customers={options}
              joint
              idPrefix="joint-email"
              labelledBy="emails-joint"
            />
          </section>
        </>
      )}

      <section aria-labelledby="emails-sent">
        <h2 id="emails-sent" className="mb-3 text-lg font-semibold">
          Sent emails
        </h2>
        {emails.length === 0 ? (
          <p className="text-slate-700">No emails sent yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Sent Connect emails, newest first</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    To
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Customers
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Kind
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Status
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Sent
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Expires
                  </th>
                </tr>
              </thead>
              <tbody>
                {emails.map(({ link: row, customer, jointCustomer }) => {
                  const link = withEffectiveStatus(row, now);
                  return (
                    <tr key={link.id} className="border-t border-slate-200">
                      <td className="px-3 py-2">{link.emailTo ?? '—'}</td>
                      <td className="px-3 py-2">
                        <Link
                          href={`/staff/customers/${customer.id}`}
                          className="underline underline-offset-2"
                        >
                          {fullName(customer)}
                        </Link>
                        {jointCustomer ? (
                          <>
                            {' and '}
                            <Link
                              href={`/staff/customers/${jointCustomer.id}`}
                              className="underline underline-offset-2"
                            >
                              {fullName(jointCustomer)}
                            </Link>
                          </>
                        ) : null}
                      </td>
                      <td className="px-3 py-2">{LINK_KIND_LABELS[link.kind]}</td>
                      <td className="px-3 py-2">{linkStatusLabel(link)}</td>
                      <td className="px-3 py-2">
                        <DateTime value={link.createdAt} />
                      </td>
                      <td className="px-3 py-2">
                        <DateTime value={link.expiresAt} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
