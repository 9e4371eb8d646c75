import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth';

export const metadata: Metadata = { title: 'Webhook events' };

export default async function StaffEventsPage() {
  await requireStaff('staff', '/staff/events');
  return (
    <>
      <PageHeader title="Webhook events">
        <p>
          Every signed webhook Mastercard delivers, live as it arrives, with filters by type,
          customer and link, and the deliveries that were refused.
        </p>
      </PageHeader>
      <p className="rounded-md border border-dashed border-slate-400 bg-white p-6 text-slate-700">
        Coming soon.
      </p>
    </>
  );
}
