'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { removeInstitutionLoginAction } from '@/app/link/actions';
import { useConnect } from '../connect/connect-context';
import { Button } from '../ui/button';

/** Reads the accounts again: the page re-renders on the server, keeping everything typed here. */
export function RefreshAccountsButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="secondary"
      onClick={() => startTransition(() => router.refresh())}
      disabled={pending}
    >
      {pending ? 'Refreshing…' : 'Refresh'}
    </Button>
  );
}

/** Reconnect (Fix) and Remove, with its confirmation, for one institution login. */
export function LoginActions({
  institutionLoginId,
  institutionName,
  fixable,
  accountCount,
  headingId,
}: {
  institutionLoginId: string;
  institutionName: string;
  fixable: boolean;
  accountCount: number;
  headingId: string;
}) {
  const connect = useConnect();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removing, startRemoving] = useTransition();
  const removeRef = useRef<HTMLButtonElement | null>(null);
  const remove = () =>
    startRemoving(async () => {
      setError(null);
      const result = await removeInstitutionLoginAction({ institutionLoginId }).catch(() => ({
        ok: false as const,
        error: 'The bank could not be removed. Check your connection and try again.',
      }));
      if (result.ok) router.refresh();
      else setError(result.error);
    });
  return (
    <>
      {fixable ? (
        <Button
          onClick={(e) =>
            connect.start({ kind: 'fix', institutionLoginId, institutionName }, e.currentTarget)
          }
          disabled={connect.busy}
        >
          Reconnect<span className="sr-only"> {institutionName}</span>
        </Button>
      ) : null}
      <Button
        ref={removeRef}
        variant="secondary"
        onClick={() => setConfirming(true)}
        disabled={removing}
      >
        {removing ? 'Removing…' : 'Remove this bank'}
        <span className="sr-only">: {institutionName}</span>
      </Button>
      {confirming ? (
        <div
          role="alertdialog"
          aria-labelledby={`${headingId}-confirm`}
          className="basis-full rounded-md bg-red-50 p-3"
        >
          <p id={`${headingId}-confirm`} className="text-red-900">
            Remove {institutionName} and its {accountCount} account
            {accountCount === 1 ? '' : 's'}? You can connect it again later.
          </p>
          <div className="mt-2 flex gap-2">
            <Button
              variant="danger"
              autoFocus
              onClick={() => {
                setConfirming(false);
                remove();
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
      {error ? (
        <p role="alert" className="basis-full text-red-800">
          {error}
        </p>
      ) : null}
    </>
  );
}
