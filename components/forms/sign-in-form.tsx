'use client';

import { useActionState } from 'react';
import { type SignInState, signInAction } from '@/app/sign-in/actions';
import { Button } from '../ui/button';
import { Field } from '../ui/field';

export function SignInForm({ next }: { next?: string | undefined }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={action} noValidate className="flex flex-col gap-4">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.email}
        error={state.fieldErrors?.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
      />
      <div aria-live="polite" role="status" className="min-h-5 text-sm text-red-800">
        {state.error}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
