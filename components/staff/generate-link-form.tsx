'use client';

import { useState } from 'react';
import type { GeneratedLinkResult } from '@/app/staff/customers/[id]/actions';
import { ConnectOptionsFields } from './connect-options-fields';
import { CopyableUrl } from './copyable-url';
import { type CustomerOption, customerOptionLabel } from './customer-option';
import { SelectField } from './fields';
import { FormStatus, RepeatButton } from './form-status';
import { LINK_KIND_LABELS } from './labels';
import { type FormAction, useActionForm } from '../forms/use-action-form';
import { Button } from '../ui/button';
import { Field } from '../ui/field';

type GeneratedKind = 'full' | 'lite' | 'fix' | 'joint';

const KIND_HINTS: Record<GeneratedKind, string> = {
  full: 'Every institution, with search.',
  lite: 'One institution, chosen here.',
  fix: 'Repairs one of the customer’s bank connections.',
  joint: 'One session for two borrowers; both need consumer details.',
};

/** Generates a Connect URL of any kind for this customer, and shows it to copy. */
export function GenerateLinkForm({
  action,
  otherCustomers,
}: {
  action: FormAction<GeneratedLinkResult>;
  otherCustomers: CustomerOption[];
}) {
  const { state, pending, formRef, onSubmit, fieldErrors } = useActionForm(action);
  const [kind, setKind] = useState<GeneratedKind>('full');
  return (
    <form
      method="post"
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="customer-generate"
      className="grid gap-4 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2"
    >
      <SelectField
        id="generate-kind"
        name="kind"
        label="Kind of link"
        hint={KIND_HINTS[kind]}
        value={kind}
        onChange={(event) => setKind(event.currentTarget.value as GeneratedKind)}
        error={fieldErrors?.kind}
      >
        {(['full', 'lite', 'fix', 'joint'] as const).map((value) => (
          <option key={value} value={value}>
            {LINK_KIND_LABELS[value]}
          </option>
        ))}
      </SelectField>
      {kind === 'lite' ? (
        <Field
          id="generate-institutionId"
          name="institutionId"
          label="Institution ID"
          inputMode="numeric"
          hint="From the institution search, e.g. 102105 for FinBank Profiles - A."
          autoComplete="off"
          required
          error={fieldErrors?.institutionId}
        />
      ) : null}
      {kind === 'fix' ? (
        <Field
          id="generate-institutionLoginId"
          name="institutionLoginId"
          label="Institution login ID"
          inputMode="numeric"
          hint="The login of the connection to repair (see the customer's accounts)."
          autoComplete="off"
          required
          error={fieldErrors?.institutionLoginId}
        />
      ) : null}
      {kind === 'joint' ? (
        <SelectField
          id="generate-jointCustomerId"
          name="jointCustomerId"
          label="Joint borrower"
          defaultValue=""
          required
          error={fieldErrors?.jointCustomerId}
        >
          <option value="" disabled>
            Choose a customer
          </option>
          {otherCustomers.map((option) => (
            <option key={option.id} value={option.id}>
              {customerOptionLabel(option)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <ConnectOptionsFields idPrefix="generate" fieldErrors={fieldErrors} />
      <FormStatus
        className="sm:col-span-2"
        state={state}
        success={(data) => (
          <div className="flex flex-col gap-2">
            <p>{LINK_KIND_LABELS[data.kind as GeneratedKind]} link generated.</p>
            <CopyableUrl
              id="generated-url"
              label="Connect URL"
              url={data.link}
              expiresAt={data.expiresAt}
            />
          </div>
        )}
      />
      <div className="flex flex-wrap gap-3 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Generating…' : 'Generate link'}
        </Button>
        <RepeatButton state={state} disabled={pending} />
      </div>
    </form>
  );
}
