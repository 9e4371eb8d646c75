'use client';

import { useActionState } from 'react';
import { startAsNewCustomerAction } from '@/app/link/actions';
import type { ActionResult } from '@/lib/action-result';
import { Button } from '../ui/button';
import { Field } from '../ui/field';

export function StartForm() {
  const [state, action, pending] = useActionState<ActionResult<undefined> | null, FormData>(
    startAsNewCustomerAction,
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} noValidate className="grid max-w-xl gap-4 sm:grid-cols-2">
      <Field
        label="First name"
        name="firstName"
        autoComplete="given-name"
        required
        error={errors?.firstName}
      />
      <Field
        label="Last name"
        name="lastName"
        autoComplete="family-name"
        required
        error={errors?.lastName}
      />
      <div className="sm:col-span-2">
        <Field
          label="Email (optional)"
          name="email"
          type="email"
          autoComplete="email"
          error={errors?.email}
        />
      </div>
      <div role="status" aria-live="polite" className="text-sm text-red-800 sm:col-span-2">
        {state && !state.ok ? state.error : null}
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Starting…' : 'Start'}
        </Button>
      </div>
    </form>
  );
}
