import type { AccountHealth } from './status';

/** The shape of GET /api/accounts and of what the accounts section renders. */
export interface AccountView {
  id: string;
  name: string;
  numberMasked: string;
  type: string;
  balance: number | null;
  currency: string;
  lastUpdated: string | null;
  aggregationStatusCode: number | null;
  health: AccountHealth;
}

export interface InstitutionLoginView {
  institutionLoginId: string;
  institutionId: number;
  institutionName: string;
  logoUrl: string | null;
  fixable: boolean;
  accounts: AccountView[];
}
