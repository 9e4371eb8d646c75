'use client';

import { type FormEvent, startTransition, useActionState, useEffect, useRef } from 'react';
import type { ActionResult } from '@/lib/action-result';

export type FormAction<T> = (
  previous: ActionResult<T> | null,
  formData: FormData,
) => Promise<ActionResult<T>>;

/**
 * `useActionState` for the portal's forms, customer and staff. The form submits through `onSubmit` rather than its
 * `action` prop because React resets a form after every action submission, and a refused form
 * must keep what was typed. After a refusal with field errors, focus moves to the first invalid
 * field (its error is its accessible description); the form's status region announces the rest.
 */
export function useActionForm<T>(action: FormAction<T>) {
  const [state, dispatch, pending] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (state && !state.ok && state.fieldErrors) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(formData));
  }

  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return { state, pending, formRef, onSubmit, fieldErrors };
}
