'use client';

import { useEffect, useRef } from 'react';
import { generateJointLinkAction } from '@/app/link/actions';
import { CONFIRM_REPEAT_FIELD } from '@/lib/action-result';
import { useConnect } from './connect-context';
import { ConsumerFields } from '../forms/consumer-fields';
import { useActionForm } from '../forms/use-action-form';
import { Button } from '../ui/button';
import { Field } from '../ui/field';

/** Joint borrower: details of both people, then one Connect session covering both. */
export function JointForm({
  firstName,
  lastName,
  email,
}: {
  firstName: string;
  lastName: string;
  email: string | null;
}) {
  const connect = useConnect();
  const submitRef = useRef<HTMLButtonElement | null>(null);
  // Submitted through the form hook: a refused form keeps both people's details, so "Make a new
  // link" sends them again.
  const {
    state,
    pending,
    formRef,
    onSubmit,
    fieldErrors: errors,
  } = useActionForm(generateJointLinkAction);
  const launched = useRef<string | null>(null);
  useEffect(() => {
    if (state?.ok && launched.current !== state.data.linkId) {
      launched.current = state.data.linkId;
      connect.start(
        { kind: 'ready', label: 'Joint application', link: state.data },
        submitRef.current,
      );
    }
  }, [state, connect]);
  return (
    <form
      method="post"
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-6"
    >
      <fieldset className="rounded-md border border-slate-200 p-4">
        <legend className="px-1 font-medium">You</legend>
        <PersonFields prefix="primary." errors={errors} defaults={{ firstName, lastName, email }} />
      </fieldset>
      <fieldset className="rounded-md border border-slate-200 p-4">
        <legend className="px-1 font-medium">Your co-borrower</legend>
        <PersonFields prefix="coBorrower." errors={errors} />
      </fieldset>
      <div role="status" aria-live="polite" className="text-sm text-red-800">
        {state && !state.ok ? state.error : null}
      </div>
      <div>
        <Button ref={submitRef} type="submit" disabled={pending || connect.busy}>
          {pending ? 'Preparing…' : 'Continue to Connect for both of us'}
        </Button>
        {state && !state.ok && state.confirm ? (
          <Button
            type="submit"
            variant="secondary"
            className="ml-3"
            name={CONFIRM_REPEAT_FIELD}
            value={state.confirm.intentId}
            disabled={pending || connect.busy}
          >
            {state.confirm.label}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** One borrower: names and email here, the rest of Mastercard's consumer fields shared. */
function PersonFields({
  prefix,
  errors,
  defaults,
}: {
  prefix: string;
  errors: Record<string, string> | undefined;
  defaults?: { firstName: string; lastName: string; email: string | null };
}) {
  const idPrefix = `joint-${prefix.replace('.', '')}`;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        id={`${idPrefix}-firstName`}
        label="First name"
        name={`${prefix}firstName`}
        autoComplete="off"
        required
        defaultValue={defaults?.firstName}
        error={errors?.[`${prefix}firstName`]}
      />
      <Field
        id={`${idPrefix}-lastName`}
        label="Last name"
        name={`${prefix}lastName`}
        autoComplete="off"
        required
        defaultValue={defaults?.lastName}
        error={errors?.[`${prefix}lastName`]}
      />
      <Field
        id={`${idPrefix}-email`}
        label="Email"
        name={`${prefix}email`}
        type="email"
        autoComplete="off"
        hint="An email address or a phone number is needed."
        defaultValue={defaults?.email ?? undefined}
        error={errors?.[`${prefix}email`]}
      />
      <ConsumerFields idPrefix={idPrefix} namePrefix={prefix} fieldErrors={errors} />
    </div>
  );
}
