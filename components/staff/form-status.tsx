import type { ReactNode } from 'react';
import { type ActionResult, CONFIRM_REPEAT_FIELD } from '@/lib/action-result';
import { Button } from '../ui/button';

/** The one live region of a staff form: the success content, or the refusal in words. */
export function FormStatus<T>({
  state,
  success,
  className = '',
}: {
  state: ActionResult<T> | null;
  success: (data: T) => ReactNode;
  className?: string;
}) {
  return (
    <div role="status" aria-live="polite" className={`text-sm ${className}`}>
      {state?.ok ? (
        <div className="text-green-900">{success(state.data)}</div>
      ) : state ? (
        <p className="text-red-800">{state.error}</p>
      ) : null}
    </div>
  );
}

/**
 * After a refusal of a repeated intent ("an email was already requested…"), the explicit way to
 * go ahead anyway: a second submit button that sends the same form with the earlier intent's id,
 * so the server knows the person saw that one and chose another.
 */
export function RepeatButton<T>({
  state,
  disabled,
}: {
  state: ActionResult<T> | null;
  disabled?: boolean;
}) {
  if (!state || state.ok || !state.confirm) return null;
  return (
    <Button
      type="submit"
      variant="secondary"
      name={CONFIRM_REPEAT_FIELD}
      value={state.confirm.intentId}
      disabled={disabled}
    >
      {state.confirm.label}
    </Button>
  );
}
