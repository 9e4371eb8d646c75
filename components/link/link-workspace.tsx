'use client';
import { type ComponentProps, type ReactNode, useState } from 'react';
import { ConnectButton } from '../connect/connect-button';
import { ConnectProvider, PopupModeToggle } from '../connect/connect-provider';
import type { JointForm as JointFormType } from '../connect/joint-form';
import { LiteSearch } from '../connect/lite-search';

const loadJointForm = () => import('../connect/joint-form');
// Fetched ahead when someone points at or tabs to the section's summary; a failure shows on open.
const preloadJointForm = () => void loadJointForm().catch(() => undefined);

type Customer = ComponentProps<typeof JointFormType>;

/**
 * Everything a signed-in customer uses on /link; loaded only for them (see link-workspace-lazy).
 * `children` is the server-rendered accounts section, inside the Connect host for Reconnect.
 */
export function LinkWorkspace({ children, ...customer }: Customer & { children: ReactNode }) {
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
          <p className="mt-1 mb-4 text-slate-700">
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
      <CoBorrower {...customer} />
      {children}
    </ConnectProvider>
  );
}

/** Most customers apply alone: the joint form's code is fetched when someone opens the section. */
function CoBorrower(customer: Customer) {
  const [form, setForm] = useState<
    { name: 'closed' | 'loading' | 'failed' } | { name: 'ready'; JointForm: typeof JointFormType }
  >({ name: 'closed' });
  const load = () => {
    setForm({ name: 'loading' });
    loadJointForm().then(
      (module) => setForm({ name: 'ready', JointForm: module.JointForm }),
      () => setForm({ name: 'failed' }),
    );
  };
  return (
    <details
      className="mt-6 rounded-lg border border-slate-200 bg-white p-6"
      onToggle={(e) => {
        // Kept once loaded, so closing the section loses nothing typed.
        if (e.currentTarget.open && form.name !== 'ready' && form.name !== 'loading') load();
      }}
    >
      <summary
        className="cursor-pointer text-lg font-semibold"
        onPointerEnter={preloadJointForm}
        onFocus={preloadJointForm}
      >
        Applying with a co-borrower?
      </summary>
      <p className="mt-2 mb-4 text-slate-700">
        Give your details and your co-borrower&apos;s; you then connect accounts for both of you in
        one session.
      </p>
      {form.name === 'ready' ? (
        <form.JointForm {...customer} />
      ) : form.name === 'loading' ? (
        <p role="status" className="text-slate-700">
          Loading the form…
        </p>
      ) : form.name === 'failed' ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900">
          The form could not be loaded. Check your connection, then{' '}
          <button type="button" className="font-medium underline" onClick={load}>
            try again
          </button>
          .
        </p>
      ) : null}
    </details>
  );
}
