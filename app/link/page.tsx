import type { Metadata } from 'next';
import { AccountsSection } from '@/components/accounts/accounts-section';
import { LinkWorkspace } from '@/components/link/link-workspace-lazy';
import { StartForm } from '@/components/link/start-form';
import { PageHeader } from '@/components/ui/page-header';
import { getCurrentCustomer } from '@/lib/customers/current';
import { getEnv } from '@/lib/env';
import { signOutCustomerAction } from './actions';

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
  const customer = await getCurrentCustomer();
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
        <div className="mb-6 text-slate-700">
          Signed in as{' '}
          <strong>
            {customer.firstName} {customer.lastName}
          </strong>
          .{' '}
          <form action={signOutCustomerAction} className="inline">
            <button type="submit" className="underline">
              Not you? Sign out
            </button>
          </form>
        </div>
      ) : null}
      {customer ? (
        <LinkWorkspace
          firstName={customer.firstName}
          lastName={customer.lastName}
          email={customer.email}
        >
          <AccountsSection customerId={customer.customerId} />
        </LinkWorkspace>
      ) : getEnv().customerSelfSignup ? (
        <section
          aria-labelledby="start-heading"
          className="rounded-lg border border-slate-200 bg-white p-6"
        >
          <h2 id="start-heading" className="mb-1 text-lg font-semibold">
            Start here
          </h2>
          <p className="mb-4 text-slate-700">
            Tell us who you are. If we sent you a personal link, open that link instead.
          </p>
          <StartForm />
        </section>
      ) : (
        <p className="rounded-md border border-slate-200 bg-white p-6 text-slate-700">
          To link your accounts you need a personal link from us. Ask your contact to send you one.
        </p>
      )}
    </>
  );
}
