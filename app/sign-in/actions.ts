'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getAuth } from '@/lib/auth';
import { safeNextPath } from '@/lib/auth/safe-next';
import { signInStaff } from '@/lib/auth/sign-in';
import { getClientAddress } from '@/lib/client-address';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';

export interface SignInState {
  error?: string;
  fieldErrors?: { email?: string; password?: string };
  email?: string;
}

const signInSchema = z.object({
  email: z.email('Enter the email address of your staff account.'),
  password: z.string().min(1, 'Enter your password.'),
  next: z.string().optional(),
});

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  // A hand-made call may send anything: refuse what is not form data before any other work.
  if (!(formData instanceof FormData)) {
    return { error: 'The form could not be read. Reload the page and try again.' };
  }
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  const email = String(formData.get('email') ?? '');
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    return {
      email,
      error: 'Check the highlighted fields.',
      fieldErrors: { email: fields.email?.[0], password: fields.password?.[0] },
    };
  }
  const result = await signInStaff(await getAuth(), await getDb(), {
    email: parsed.data.email,
    password: parsed.data.password,
    clientAddress: await getClientAddress(),
    headers: await headers(),
  });
  if (!result.ok) {
    if (result.reason === 'throttled') {
      const minutes = Math.ceil((result.retryAfterSeconds ?? 60) / 60);
      return {
        email,
        error: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      };
    }
    return { email, error: 'That email and password do not match a staff account.' };
  }
  redirect(safeNextPath(parsed.data.next, getEnv().publicBaseUrl));
}

export async function signOutAction(): Promise<void> {
  const auth = await getAuth();
  await auth.api.signOut({ headers: await headers() }).catch(() => undefined);
  redirect('/sign-in');
}
