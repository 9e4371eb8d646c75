import Link from 'next/link';
import { connection } from 'next/server';
import { signOutAction } from '@/app/sign-in/actions';
import { getStaffSession } from '@/lib/auth';
import { NavLink } from './ui/nav-link';

export async function SiteHeader() {
  await connection();
  const staff = await getStaffSession().catch(() => null);
  return (
    <header aria-label="Portal" className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex w-full max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-base font-semibold text-slate-900">
          Data Connect <span className="text-brand-700">Partner Portal</span>
        </Link>
        <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-1 text-sm">
          <NavLink href="/link">Link accounts</NavLink>
          {staff ? (
            <>
              <NavLink href="/staff/customers">Customers</NavLink>
              <NavLink href="/staff/emails">Emails</NavLink>
              <NavLink href="/staff/events">Events</NavLink>
              {staff.role === 'admin' ? <NavLink href="/staff/team">Team</NavLink> : null}
            </>
          ) : null}
        </nav>
        <div className="flex items-center gap-3 text-sm">
          {staff ? (
            <>
              <span className="text-slate-600">
                <span className="hidden xl:inline">{staff.email}</span>
                <span className="sr-only xl:hidden">{staff.email}</span>
                <span className="sr-only">, role</span>
                <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                  {staff.role}
                </span>
              </span>
              <form action={signOutAction}>
                <button
                  type="submit"
                  className="rounded px-2 py-1 text-slate-700 underline-offset-2 hover:underline"
                >
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <NavLink href="/sign-in">Staff sign-in</NavLink>
          )}
        </div>
      </div>
    </header>
  );
}
