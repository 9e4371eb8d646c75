'use client';
import type { ComponentProps } from 'react';
import { AccountsList } from '../accounts/accounts-list';
import { ConnectButton } from '../connect/connect-button';
import { ConnectProvider, PopupModeToggle } from '../connect/connect-provider';
import { JointForm } from '../connect/joint-form';
import { LiteSearch } from '../connect/lite-search';

/** Everything a signed-in customer uses on /link; loaded only for them (see link-workspace-lazy). */
export function LinkWorkspace(customer: ComponentProps<typeof JointForm>) {
  return (
    <ConnectProvider>
      <div className="grid gap-6 lg:grid-cols-2">
        <section
          aria-labelledby="full-heading"
          className="rounded-lg border border-slate-200 bg-white p-6"
        >
          <h2 id="full-heading" className="text-lg font-semibold">
            Connect your accounts
          </h2>
          <p className="mb-4 mt-1 text-slate-700">
            Search among thousands of banks, card issuers and brokers in Mastercard Data Connect,
            and connect as many as you like.
          </p>
          <ConnectButton source={{ kind: 'full' }}>Connect your accounts</ConnectButton>
          <PopupModeToggle />
        </section>
        <section
          aria-labelledby="lite-heading"
          className="rounded-lg border border-slate-200 bg-white p-6"
        >
          <h2 id="lite-heading" className="mb-3 text-lg font-semibold">
            Or go straight to your bank
          </h2>
          <LiteSearch />
        </section>
      </div>
      <details className="mt-6 rounded-lg border border-slate-200 bg-white p-6">
        <summary className="cursor-pointer text-lg font-semibold">
          Applying with a co-borrower?
        </summary>
        <p className="mb-4 mt-2 text-slate-700">
          Give your details and your co-borrower&apos;s; you then connect accounts for both of you
          in one session.
        </p>
        <JointForm {...customer} />
      </details>
      <AccountsList />
    </ConnectProvider>
  );
}
