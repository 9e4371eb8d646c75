import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth';

export const metadata: Metadata = { title: 'Connect emails' };

export default async function StaffEmailsPage() {
  await requireStaff('staff', '/staff/emails');
  return (
    <>
      <PageHeader title="Connect emails">
        <p>
          Send Data Connect emails to a single borrower or to joint borrowers, and see what was
          sent. The sandbox mailbox shows every email the sandbox would have delivered.
        </p>
      </PageHeader>
      <p className="rounded-md border border-dashed border-slate-400 bg-white p-6 text-slate-700">
        Coming soon.
      </p>
    </>
  );
}
