import type { ReactNode } from 'react';
import type { ActionResult } from '@/lib/action-result';

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
