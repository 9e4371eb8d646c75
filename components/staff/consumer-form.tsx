'use client';

import { FormStatus } from './form-status';
import { ConsumerFields } from '../forms/consumer-fields';
import { type FormAction, useActionForm } from '../forms/use-action-form';
import { Button } from '../ui/button';
import { Field } from '../ui/field';

/**
 * The consumer details of a customer who has none yet. Stays mounted once they exist (the page
 * passes the new consumer id), so the confirmation is still announced.
 */
export function ConsumerForm({
  action,
  consumerId,
  defaults,
}: {
  action: FormAction<{ consumerId: string }>;
  consumerId: string | null;
  defaults: { firstName: string; lastName: string; email: string | null };
}) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useActionForm(action);
  if (consumerId) {
    return (
      <div>
        <p>
          Consumer ID <code className="font-mono">{consumerId}</code>
        </p>
        <FormStatus state={state} success={() => <p>Consumer details added.</p>} />
      </div>
    );
  }
  return (
    <form
      method="post"
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="customer-consumer"
      className="grid gap-4 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2"
    >
      <p className="text-sm text-slate-700 sm:col-span-2">
        No consumer yet. Connect emails and joint borrower links need one.
      </p>
      <Field
        id="consumer-firstName"
        name="firstName"
        label="First name"
        defaultValue={defaults.firstName}
        autoComplete="off"
        required
        error={fieldErrors?.firstName}
      />
      <Field
        id="consumer-lastName"
        name="lastName"
        label="Last name"
        defaultValue={defaults.lastName}
        autoComplete="off"
        required
        error={fieldErrors?.lastName}
      />
      <Field
        id="consumer-email"
        name="email"
        label="Email"
        type="email"
        defaultValue={defaults.email ?? ''}
        autoComplete="off"
        hint="An email address or a phone number is needed."
        error={fieldErrors?.email}
      />
      <ConsumerFields idPrefix="consumer" fieldErrors={fieldErrors} />
      <FormStatus
        className="sm:col-span-2"
        state={state}
        success={() => <p>Consumer details added.</p>}
      />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add consumer details'}
        </Button>
      </div>
    </form>
  );
}
