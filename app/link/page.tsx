import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { getCustomerSessionId } from '@/lib/auth';
import { getDb } from '@/lib/db';
import { getCustomer } from '@/lib/db/queries';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Link accounts' };

const linkProblems: Record<string, string> = {
  unknown:
    'That personal link is not valid. Check that you copied the whole link, or ask us for a new one.',
  expired: 'That personal link has expired. Ask us for a new one.',
  revoked: 'That personal link was withdrawn. Ask us for a new one.',
};

export default async function LinkPage({
  searchParams,
}: {
  searchParams: Promise<{ link?: string }>;
}) {
  const { link } = await searchParams;
  const customerId = await getCustomerSessionId();
  const customer = customerId ? await getCustomer(await getDb(), customerId) : undefined;
  const problem = link ? linkProblems[link] : undefined;
  return (
    <>
      <PageHeader title="Link your accounts">
        <p>
          Connect your bank, credit card and investment accounts securely through Mastercard Data
          Connect. You sign in to your bank on Mastercard&apos;s pages; we never see your password.
        </p>
      </PageHeader>
      {problem ? (
        <p
          role="alert"
          className="mb-6 rounded-md border border-red-300 bg-red-50 p-4 text-red-900"
        >
          {problem}
        </p>
      ) : null}
      {customer ? (
        <section aria-labelledby="who" className="rounded-md border border-slate-200 bg-white p-6">
          <h2 id="who" className="text-lg font-semibold">
            Welcome, {customer.firstName} {customer.lastName}
          </h2>
          <p className="mt-2 text-slate-700">
            Connecting accounts (full search, your own bank directly, joint borrowers and repairing
            a connection) and the list of your linked accounts come with the next release.
          </p>
        </section>
      ) : getEnv().customerSelfSignup ? (
        <p className="rounded-md border border-dashed border-slate-400 bg-white p-6 text-slate-700">
          Starting as a new customer arrives with the Connect flows. If we sent you a personal link,
          open it to continue.
        </p>
      ) : (
        <p className="rounded-md border border-slate-200 bg-white p-6 text-slate-700">
          To link your accounts you need a personal link from us. Ask your contact to send you one.
        </p>
      )}
    </>
  );
}
