'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { createCustomerAction } from '@/app/staff/customers/actions';
import { CheckboxField } from './fields';
import { FormStatus } from './form-status';
import { ConsumerFields } from '../forms/consumer-fields';
import { useActionForm } from '../forms/use-action-form';
import { Button } from '../ui/button';
import { Field } from '../ui/field';

/** Creates a customer at Mastercard and here; the consumer details can come in the same step. */
export function NewCustomerForm({ mode }: { mode: 'sandbox' | 'mastercard' }) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useActionForm(createCustomerAction);
  const [addConsumer, setAddConsumer] = useState(false);

  // After a success the consumer fields fold away (adjusted during render, as React advises for
  // state derived from a new action result) and the inputs are cleared.
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setAddConsumer(false);
  }
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state, formRef]);

  return (
    <form
      method="post"
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="customers-new"
      className="grid gap-4 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2"
    >
      <Field
        id="new-customer-firstName"
        name="firstName"
        label="First name"
        autoComplete="off"
        required
        error={fieldErrors?.firstName}
      />
      <Field
        id="new-customer-lastName"
        name="lastName"
        label="Last name"
        autoComplete="off"
        required
        error={fieldErrors?.lastName}
      />
      <Field
        id="new-customer-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="off"
        hint="Optional for the customer; used for the consumer too."
        error={fieldErrors?.email}
      />
      <fieldset
        className="flex flex-col gap-1"
        aria-describedby={fieldErrors?.type ? 'new-customer-type-error' : undefined}
      >
        <legend className="text-sm font-medium text-slate-800">Type</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="type" value="testing" defaultChecked className="h-4 w-4" />
          Testing (free, for trying things out)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="type"
            value="active"
            aria-describedby={mode === 'sandbox' ? 'new-customer-active-note' : undefined}
            className="h-4 w-4"
          />
          Active (billable)
        </label>
        {mode === 'sandbox' ? (
          <p id="new-customer-active-note" className="text-xs text-slate-600">
            The sandbox refuses active customers, as Mastercard&apos;s Test Drive does.
          </p>
        ) : null}
        {fieldErrors?.type ? (
          <p id="new-customer-type-error" className="text-sm text-red-800">
            {fieldErrors.type}
          </p>
        ) : null}
      </fieldset>
      <div className="sm:col-span-2">
        <CheckboxField
          id="new-customer-addConsumer"
          name="addConsumer"
          label="Add the consumer details now"
          hint="Needed for Connect emails and joint borrower links. You can also add them later."
          checked={addConsumer}
          onChange={(event) => setAddConsumer(event.currentTarget.checked)}
        />
      </div>
      {addConsumer ? (
        <fieldset className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Consumer details</legend>
          <ConsumerFields idPrefix="new-customer" fieldErrors={fieldErrors} />
        </fieldset>
      ) : null}
      <FormStatus
        className="sm:col-span-2"
        state={state}
        success={(data) => (
          <p>
            Created {data.name}
            {data.consumerId ? ' with consumer details' : ''}.{' '}
            {data.consumerError ? (
              <span className="text-red-800">
                The consumer details were not accepted: {data.consumerError}{' '}
              </span>
            ) : null}
            <Link href={`/staff/customers/${data.id}`} className="underline">
              Open {data.name}
            </Link>
          </p>
        )}
      />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create customer'}
        </Button>
      </div>
    </form>
  );
}
