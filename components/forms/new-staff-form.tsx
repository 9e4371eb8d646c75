'use client';

import { useActionState } from 'react';
import { createStaffUserAction } from '@/app/staff/team/actions';
import type { ActionResult } from '@/lib/action-result';
import { Button } from '../ui/button';
import { Field } from '../ui/field';

export function NewStaffForm() {
  const [state, action, pending] = useActionState<ActionResult<{ email: string }> | null, FormData>(
    createStaffUserAction,
    null,
  );
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} noValidate className="grid gap-4 sm:grid-cols-2">
      <Field label="Name" name="name" autoComplete="off" required error={fieldErrors?.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="off"
        required
        error={fieldErrors?.email}
      />
      <Field
        label="Temporary password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. Share it with them in person."
        required
        error={fieldErrors?.password}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="field-role" className="text-sm font-medium text-slate-800">
          Role
        </label>
        <select
          id="field-role"
          name="role"
          defaultValue="staff"
          className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
        >
          <option value="staff">Staff: customers, links, emails, events</option>
          <option value="admin">Admin: everything, including the team</option>
        </select>
      </div>
      <div role="status" aria-live="polite" className="text-sm sm:col-span-2">
        {state?.ok ? (
          <span className="text-green-800">Added {state.data.email}.</span>
        ) : state ? (
          <span className="text-red-800">{state.error}</span>
        ) : null}
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add staff member'}
        </Button>
      </div>
    </form>
  );
}
