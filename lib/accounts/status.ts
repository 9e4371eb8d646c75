import { isFixableAggregationCode } from '../connect/constants';

/**
 * What an account's `aggregationStatusCode` means to the customer. Pure: the accounts list is
 * rendered on the server (lib/accounts/accounts.ts) and the tests read it directly.
 */

const MESSAGES: Record<number, string> = {
  103: 'Your bank did not accept the saved sign-in details. Sign in again to reconnect.',
  106: 'Your bank needs more information from you. Sign in again to reconnect.',
  108: 'Your bank needs you to take an action on its website (for example accept new terms). Sign in again to reconnect.',
  109: 'Your bank asks you to change your password. Change it at your bank, then reconnect.',
  185: 'Your bank asks for an extra security check. Sign in again to reconnect.',
  187: 'The answer to the security question was not accepted. Sign in again to reconnect.',
  945: 'Your bank moved to a new secure connection that needs your consent. Reconnect to give it.',
  946: 'The account could not be found at your bank. Reconnect to choose your accounts again.',
  947: 'The permission you gave your bank has expired. Reconnect to renew it.',
  948: 'Your bank needs you to sign in again through its own page. Reconnect to do so.',
  102: 'Your bank’s website is not available right now. We will try again automatically.',
  169: 'This account was already linked. Nothing to do.',
  913: 'Your bank reports this account as closed.',
  914: 'Your bank no longer shows this account.',
  931: 'Your bank asks for a one-time code at every sign-in, so it cannot be updated automatically.',
};

export interface AccountHealth {
  tone: 'ok' | 'pending' | 'fixable' | 'problem';
  label: string;
  message: string | null;
  fixable: boolean;
}

export function accountHealth(code: number | undefined, status?: string): AccountHealth {
  if (status === 'pending') {
    return {
      tone: 'pending',
      label: 'Connecting',
      message: 'We are still collecting this account.',
      fixable: false,
    };
  }
  if (code === undefined) {
    return { tone: 'pending', label: 'Waiting for first update', message: null, fixable: false };
  }
  if (code === 0) return { tone: 'ok', label: 'Connected', message: null, fixable: false };
  const fixable = isFixableAggregationCode(code);
  const message =
    MESSAGES[code] ??
    (code >= 900 && code < 930
      ? 'Your bank cannot be updated right now (maintenance or not supported). Nothing you can do; we will try again.'
      : 'Updating this account failed on the bank’s side.');
  return {
    tone: fixable ? 'fixable' : 'problem',
    label: fixable ? 'Needs your attention' : 'Not updating',
    message: fixable ? message : `${message} Reconnecting will not fix this.`,
    fixable,
  };
}
