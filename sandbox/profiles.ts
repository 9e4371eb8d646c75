// FinBank test institutions, users and profiles (connect-facts §10): what a sign-in as a
// given user produces — accounts, an MFA challenge, or an aggregation failure code.

export interface AccountTemplate {
  number: string;
  name: string;
  type: string;
  balance: number;
  marketSegment?: string;
  detail?: Record<string, unknown>;
}

export type MfaKind = 'text' | 'image' | 'choice' | 'imageChoice';

export interface MfaChallenge {
  kind: MfaKind;
  /** image-choice layout, 1 or 2 */
  style?: 1 | 2;
  question: string;
  choices?: string[];
}

export type SignInResult =
  | {
      outcome: 'success';
      profile: string;
      accounts: AccountTemplate[];
      mfa?: MfaChallenge;
      slowDiscovery?: boolean;
      /** the accounts are saved but their first aggregation leaves this (fixable) code */
      aggregationStatusAfter?: number;
    }
  | { outcome: 'failure'; code: number; message: string };

/** Named test institutions (the catalog adds them with these ids). */
export const FINBANK = {
  finbank: 101732,
  profilesA: 102105,
  /** real id unconfirmed: the sandbox's own choice */
  profilesB: 102168,
  /** real id unconfirmed: the sandbox's own choice */
  oauth: 102224,
  billable: 170776,
  m: 170830,
  p: 170681,
  o: 102219,
} as const;

const LEGACY_FINBANKS = new Set<number>([
  FINBANK.finbank,
  FINBANK.billable,
  FINBANK.m,
  FINBANK.p,
  FINBANK.o,
]);
const PROFILE_FINBANKS = new Set<number>([FINBANK.profilesA, FINBANK.profilesB]);

export function isTestInstitution(id: number): boolean {
  return LEGACY_FINBANKS.has(id) || PROFILE_FINBANKS.has(id) || id === FINBANK.oauth;
}

export const FAILURE_MESSAGES: Record<number, string> = {
  102: 'The financial institution is not responding.',
  103: 'The username or password is incorrect.',
  106: 'Additional information is required at the financial institution.',
  108: 'An action is required at the financial institution.',
  109: 'The financial institution requires a password change.',
  123: 'The financial institution site is temporarily unavailable.',
  125: 'The account requires attention at the financial institution.',
  127: 'The account is locked at the financial institution.',
  128: 'The financial institution returned an unexpected response.',
  130: 'The account is not supported.',
  185: 'Multi-factor authentication is required.',
  187: 'The multi-factor authentication answer was incorrect.',
};

function failure(code: number): SignInResult {
  return { outcome: 'failure', code, message: FAILURE_MESSAGES[code] ?? 'Unable to connect.' };
}

const DEMO_ACCOUNTS: AccountTemplate[] = [
  { number: '1000001111', name: 'Checking', type: 'checking', balance: 2243.52 },
  { number: '1000002222', name: 'Savings', type: 'savings', balance: 12480.15 },
  { number: '1000003333', name: 'CD', type: 'cd', balance: 5000 },
  { number: '1000004444', name: 'Money Market', type: 'moneyMarket', balance: 8120.44 },
  { number: '1000005555', name: 'Credit Card', type: 'creditCard', balance: -1032.78 },
  { number: '1000006666', name: 'Line of Credit', type: 'lineOfCredit', balance: -250 },
  { number: '1000007777', name: 'Mortgage', type: 'mortgage', balance: -182500 },
  { number: '1000008888', name: 'Auto Loan', type: 'loan', balance: -14230.9 },
];

const PROFILES: Record<string, AccountTemplate[]> = {
  profile_01: [
    { number: '2100001001', name: 'Checking', type: 'checking', balance: 1500.25 },
    { number: '2100001002', name: 'Savings', type: 'savings', balance: 6200 },
  ],
  profile_02: [
    { number: '2200002001', name: 'Checking', type: 'checking', balance: 3105.11 },
    { number: '2200002002', name: 'Savings', type: 'savings', balance: 22010.5 },
    { number: '2200002003', name: 'Credit Card', type: 'creditCard', balance: -845.2 },
    { number: '2200002004', name: '401K', type: '401k', balance: 95120.33 },
  ],
  profile_03: [
    { number: '2300003001', name: 'Checking', type: 'checking', balance: 5123.44 },
    { number: '2300003002', name: 'Savings', type: 'savings', balance: 30411.02 },
    { number: '2300003003', name: 'Money Market', type: 'moneyMarket', balance: 15250 },
    { number: '2300003004', name: 'CD', type: 'cd', balance: 10000 },
    { number: '2300003005', name: 'Credit Card', type: 'creditCard', balance: -2310.67 },
    { number: '2300003006', name: 'IRA', type: 'ira', balance: 64820.9 },
    { number: '2300003007', name: 'Roth IRA', type: 'roth', balance: 21400.15 },
    { number: '2300003008', name: '401K', type: '401k', balance: 150300.77 },
    { number: '2300003009', name: 'Brokerage', type: 'investment', balance: 48210.4 },
    { number: '2300003010', name: 'Mortgage', type: 'mortgage', balance: -245000 },
    { number: '2300003011', name: 'Student Loan', type: 'studentLoan', balance: -18450.3 },
  ],
  profile_04: [
    { number: '2400004001', name: 'Checking', type: 'checking', balance: 12.03 },
    { number: '2400004002', name: 'Savings', type: 'savings', balance: 0.5 },
  ],
  profile_09: [
    { number: '2900009001', name: 'Checking', type: 'checking', balance: 7420.18 },
    {
      number: '2900009002',
      name: 'Business Checking',
      type: 'checking',
      balance: 40210.55,
      marketSegment: 'business',
    },
    { number: '2900009003', name: 'Savings', type: 'savings', balance: 19800 },
  ],
};

/** Users the legacy FinBanks know (password "go" unless noted). */
export const FINBANK_USERS: Array<{ username: string; password: string; result: string }> = [
  { username: 'demo', password: 'go', result: 'success, 8 accounts, no MFA' },
  {
    username: 'demo',
    password: '123 | 125 | 127 | 128 | 130',
    result: 'fails with that aggregation code',
  },
  { username: 'invalid_user', password: 'go', result: 'fails with 103' },
  {
    username: 'tfa_text',
    password: 'go',
    result: 'text MFA; answer "mfa" asks again, anything else passes',
  },
  { username: 'tfa_image', password: 'go', result: 'captcha MFA, any answer' },
  { username: 'tfa_choice', password: 'go', result: 'choice MFA; answer "fail" fails with 187' },
  { username: 'tfa_multi', password: 'go', result: 'image-choice MFA (style 1), any answer' },
  {
    username: 'demo',
    password: 'imagechoice | imagechoice2',
    result: 'image-choice MFA style 1 / 2',
  },
  {
    username: 'discovertimeout',
    password: 'go',
    result: 'success after a deliberately slow discovery',
  },
  {
    username: 'fix_103 | fix_108 | fix_185',
    password: 'go',
    result: 'success, but the saved accounts are left with that aggregationStatusCode (for Fix)',
  },
];

/** Users whose accounts are saved with a fixable aggregation status code (sandbox additions). */
export const FIXABLE_USERS: Record<string, number> = { fix_103: 103, fix_108: 108, fix_185: 185 };

export const PROFILE_NAMES = Object.keys(PROFILES);

export function accountsForProfile(
  institutionId: number,
  profile: string,
): AccountTemplate[] | undefined {
  const source = PROFILE_FINBANKS.has(institutionId)
    ? PROFILES[profile]
    : profile === 'demo'
      ? DEMO_ACCOUNTS
      : undefined;
  return source?.map((a) => ({ ...a }));
}

export function mfaChallengeFor(kind: MfaKind, style?: 1 | 2): MfaChallenge {
  switch (kind) {
    case 'text':
      return { kind, question: 'What is the name of your first pet?' };
    case 'image':
      return { kind, question: 'Enter the characters shown in the image.' };
    case 'choice':
      return {
        kind,
        question: 'Where were you born?',
        choices: ['Provo', 'Ogden', 'Murray', 'fail'],
      };
    case 'imageChoice':
      return {
        kind,
        style: style ?? 1,
        question: 'Choose your security image.',
        choices: ['sun', 'moon', 'star', 'tree'],
      };
  }
}

/** Default password the session driver uses for a profile name. */
export function defaultPassword(institutionId: number, username: string): string {
  return PROFILE_FINBANKS.has(institutionId) ? username : 'go';
}

/**
 * Sign in to a test institution. Institutions that are not test institutions accept any
 * non-empty credentials and return the demo account set (the sandbox has no real banks).
 */
export function signInProfile(
  institutionId: number,
  username: string,
  password: string,
): SignInResult {
  if (!username || !password) return failure(103);
  if (PROFILE_FINBANKS.has(institutionId)) {
    const profile = PROFILES[password] ? password : PROFILES[username] ? username : undefined;
    if (!profile) return failure(103);
    return {
      outcome: 'success',
      profile,
      accounts: accountsForProfile(institutionId, profile) ?? [],
    };
  }
  if (institutionId === FINBANK.oauth || !LEGACY_FINBANKS.has(institutionId)) {
    return { outcome: 'success', profile: 'demo', accounts: DEMO_ACCOUNTS.map((a) => ({ ...a })) };
  }
  const demo = (): AccountTemplate[] => DEMO_ACCOUNTS.map((a) => ({ ...a }));
  if (username === 'demo') {
    if (password === 'go') return { outcome: 'success', profile: 'demo', accounts: demo() };
    if (['123', '125', '127', '128', '130'].includes(password)) return failure(Number(password));
    if (password === 'imagechoice')
      return {
        outcome: 'success',
        profile: 'demo',
        accounts: demo(),
        mfa: mfaChallengeFor('imageChoice', 1),
      };
    if (password === 'imagechoice2')
      return {
        outcome: 'success',
        profile: 'demo',
        accounts: demo(),
        mfa: mfaChallengeFor('imageChoice', 2),
      };
    return failure(103);
  }
  if (password !== 'go') return failure(103);
  switch (username) {
    case 'tfa_text':
      return {
        outcome: 'success',
        profile: username,
        accounts: demo(),
        mfa: mfaChallengeFor('text'),
      };
    case 'tfa_image':
      return {
        outcome: 'success',
        profile: username,
        accounts: demo(),
        mfa: mfaChallengeFor('image'),
      };
    case 'tfa_choice':
      return {
        outcome: 'success',
        profile: username,
        accounts: demo(),
        mfa: mfaChallengeFor('choice'),
      };
    case 'tfa_multi':
      return {
        outcome: 'success',
        profile: username,
        accounts: demo(),
        mfa: mfaChallengeFor('imageChoice', 1),
      };
    case 'discovertimeout':
      return { outcome: 'success', profile: username, accounts: demo(), slowDiscovery: true };
    case 'fix_103':
    case 'fix_108':
    case 'fix_185':
      return {
        outcome: 'success',
        profile: username,
        accounts: demo(),
        aggregationStatusAfter: FIXABLE_USERS[username],
      };
    default:
      return failure(103);
  }
}

export type MfaAnswerResult =
  | { outcome: 'success' }
  | { outcome: 'challenge'; mfa: MfaChallenge }
  | { outcome: 'failure'; code: number; message: string };

/** Check an MFA answer: text "mfa" asks again, choice "fail" fails with 187, anything else passes. */
export function answerMfa(challenge: MfaChallenge, answer: string): MfaAnswerResult {
  if (!answer) return { outcome: 'failure', code: 187, message: FAILURE_MESSAGES[187] ?? '' };
  if (challenge.kind === 'text' && answer === 'mfa')
    return { outcome: 'challenge', mfa: mfaChallengeFor('text') };
  if (challenge.kind === 'choice' && answer === 'fail')
    return { outcome: 'failure', code: 187, message: FAILURE_MESSAGES[187] ?? '' };
  return { outcome: 'success' };
}
