import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth';

export const metadata: Metadata = { title: 'Customers' };

export default async function StaffCustomersPage() {
  await requireStaff('staff', '/staff/customers');
  return (
    <>
      <PageHeader title="Customers">
        <p>
          Customers you have created in Open Finance, their consumers, their Connect links and
          personal links. Creating customers, generating links for them and making personal links
          arrive with the Connect APIs.
        </p>
      </PageHeader>
      <p className="rounded-md border border-dashed border-slate-400 bg-white p-6 text-slate-700">
        Coming soon.
      </p>
    </>
  );
}
