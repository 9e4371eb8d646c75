'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { SentEmailResult } from '@/app/staff/emails/actions';
import { ConnectOptionsFields } from './connect-options-fields';
import { type CustomerOption, customerOptionLabel } from './customer-option';
import { SelectField, TextAreaField } from './fields';
import { FormStatus, RepeatButton } from './form-status';
import { type FormAction, useActionForm } from '../forms/use-action-form';
import { Button } from '../ui/button';
import { DateTime } from '../ui/date-time';
import { Field } from '../ui/field';

function MissingConsumer({ customer }: { customer: CustomerOption | undefined }) {
  if (!customer || customer.hasConsumer) return null;
  return (
    <p className="text-sm text-amber-900 sm:col-span-2">
      {customer.firstName} {customer.lastName} has no consumer details yet, which Connect emails
      need.{' '}
      <Link href={`/staff/customers/${customer.id}`} className="underline">
        Add them on {customer.firstName} {customer.lastName}&apos;s page
      </Link>
      .
    </p>
  );
}

/**
 * A Data Connect email to one borrower, or (`joint`) to a primary and a joint borrower. Choosing
 * the borrowers fills in the recipient and the greeting ("A and B"); both stay editable.
 */
export function ConnectEmailForm({
  action,
  customers,
  joint,
  idPrefix,
  labelledBy,
}: {
  action: FormAction<SentEmailResult>;
  customers: CustomerOption[];
  joint: boolean;
  idPrefix: string;
  labelledBy: string;
}) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useActionForm(action);
  const [primaryId, setPrimaryId] = useState('');
  const [jointId, setJointId] = useState('');
  const [to, setTo] = useState('');
  const [firstName, setFirstName] = useState('');
  const byId = new Map(customers.map((c) => [c.id, c]));
  const id = (name: string) => `${idPrefix}-${name}`;

  function choose(nextPrimaryId: string, nextJointId: string) {
    setPrimaryId(nextPrimaryId);
    setJointId(nextJointId);
    const primary = byId.get(nextPrimaryId);
    const second = joint ? byId.get(nextJointId) : undefined;
    if (primary?.email) setTo(primary.email);
    if (primary) {
      setFirstName(second ? `${primary.firstName} and ${second.firstName}` : primary.firstName);
    }
  }

  const options = customers.map((option) => (
    <option key={option.id} value={option.id}>
      {customerOptionLabel(option)}
    </option>
  ));

  return (
    <form
      method="post"
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={labelledBy}
      className="grid gap-4 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2"
    >
      <SelectField
        id={id('customerId')}
        name="customerId"
        label={joint ? 'Primary borrower' : 'Customer'}
        value={primaryId}
        onChange={(event) => choose(event.currentTarget.value, jointId)}
        required
        error={fieldErrors?.customerId}
      >
        <option value="" disabled>
          Choose a customer
        </option>
        {options}
      </SelectField>
      {joint ? (
        <SelectField
          id={id('jointCustomerId')}
          name="jointCustomerId"
          label="Joint borrower"
          value={jointId}
          onChange={(event) => choose(primaryId, event.currentTarget.value)}
          required
          error={fieldErrors?.jointCustomerId}
        >
          <option value="" disabled>
            Choose a customer
          </option>
          {options}
        </SelectField>
      ) : null}
      <MissingConsumer customer={byId.get(primaryId)} />
      {joint ? <MissingConsumer customer={byId.get(jointId)} /> : null}
      <Field
        id={id('to')}
        name="to"
        label="To"
        type="email"
        value={to}
        onChange={(event) => setTo(event.currentTarget.value)}
        autoComplete="off"
        required
        error={fieldErrors?.to}
      />
      <Field
        id={id('firstName')}
        name="firstName"
        label={joint ? 'First names' : 'First name'}
        hint={joint ? 'The greeting, e.g. "Marvin and Jenny".' : 'The greeting.'}
        value={firstName}
        onChange={(event) => setFirstName(event.currentTarget.value)}
        autoComplete="off"
        error={fieldErrors?.firstName}
      />
      <Field
        id={id('subject')}
        name="subject"
        label="Subject"
        hint='Empty for "Verify your Financial Information".'
        autoComplete="off"
        error={fieldErrors?.subject}
      />
      <Field
        id={id('from')}
        name="from"
        label="From"
        hint="The sender's name as the email shows it."
        autoComplete="off"
        error={fieldErrors?.from}
      />
      <Field
        id={id('supportPhone')}
        name="supportPhone"
        label="Support phone"
        type="tel"
        autoComplete="off"
        error={fieldErrors?.supportPhone}
      />
      <Field
        id={id('institutionName')}
        name="institutionName"
        label="Company name"
        autoComplete="off"
        error={fieldErrors?.institutionName}
      />
      <Field
        id={id('institutionAddress')}
        name="institutionAddress"
        label="Company address"
        autoComplete="off"
        error={fieldErrors?.institutionAddress}
      />
      <TextAreaField
        id={id('signature')}
        name="signature"
        label="Signature"
        hint="One line per line of the signature."
        rows={3}
        error={fieldErrors?.signature}
      />
      <ConnectOptionsFields idPrefix={idPrefix} fieldErrors={fieldErrors} singleUse={false} />
      <FormStatus
        className="sm:col-span-2"
        state={state}
        success={(data) => (
          <p>
            Sent to {data.to}. The link in it expires <DateTime value={data.expiresAt} />.
          </p>
        )}
      />
      <div className="flex flex-wrap gap-3 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Sending…' : joint ? 'Send joint borrower email' : 'Send Connect email'}
        </Button>
        <RepeatButton state={state} disabled={pending} />
      </div>
    </form>
  );
}
