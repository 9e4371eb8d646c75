/** The result every server action returns; pure so client components can import the type. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: string;
      fieldErrors?: Record<string, string>;
      /** set when the same operation may already have happened: the person may confirm a repeat */
      confirm?: RepeatConfirmation;
    };

/**
 * What a form needs to offer "do it again anyway" after a refusal of a repeated intent: the
 * earlier intent the person was told about (sent back as `confirmRepeatOf`) and the button label.
 */
export interface RepeatConfirmation {
  intentId: string;
  label: string;
}

/** The form field that carries a confirmed repeat (the id of the earlier intent). */
export const CONFIRM_REPEAT_FIELD = 'confirmRepeatOf';

// A brand, not `instanceof`: Next may bundle this module into several chunks (toolchain notes).
const USER_ERROR_BRAND = Symbol.for('data-connect-portal.UserError');

/** A failure whose message is written for the person who asked (shown as is). */
export class UserError extends Error {
  readonly [USER_ERROR_BRAND] = true;
  readonly confirm: RepeatConfirmation | undefined;

  constructor(
    message: string,
    public readonly fieldErrors?: Record<string, string>,
    options: { confirm?: RepeatConfirmation } = {},
  ) {
    super(message);
    this.name = 'UserError';
    this.confirm = options.confirm;
  }
}

/** Recognises a UserError made by any bundled copy of this module. */
export function isUserError(error: unknown): error is UserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[USER_ERROR_BRAND] === true
  );
}
