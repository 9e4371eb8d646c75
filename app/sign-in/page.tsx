import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/forms/sign-in-form';
import { getStaffSession } from '@/lib/auth';
import { safeNextPath } from '@/lib/auth/safe-next';
import { getEnv } from '@/lib/env';
import { SANDBOX_DEMO } from '@/lib/env-schema';

export const metadata: Metadata = { title: 'Staff sign-in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const given = (await searchParams).next;
  const next = typeof given === 'string' ? given : undefined;
  const env = getEnv();
  if (await getStaffSession()) redirect(safeNextPath(next, env.publicBaseUrl));
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-2 text-2xl font-semibold">Staff sign-in</h1>
      <p className="mb-6 text-sm text-slate-700">
        For portal staff. Customers linking accounts do not need an account:{' '}
        <Link href="/link" className="underline">
          go to Link accounts
        </Link>
        .
      </p>
      <SignInForm next={next} />
      {env.mode === 'sandbox' && env.adminPassword === SANDBOX_DEMO.adminPassword ? (
        <p className="mt-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Sandbox demo admin: <strong>admin@example.com</strong> /{' '}
          <strong>sandbox-admin-2026</strong>
        </p>
      ) : null}
    </div>
  );
}
