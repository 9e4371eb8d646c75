import type { Metadata } from 'next';
import Link from 'next/link';
import { fullName } from '@/components/staff/labels';
import { NewCustomerForm } from '@/components/staff/new-customer-form';
import { DateTime } from '@/components/ui/date-time';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth';
import { listCustomers } from '@/lib/customers/queries';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Customers' };

export default async function StaffCustomersPage() {
  await requireStaff('staff', '/staff/customers');
  const customers = await listCustomers(await getDb(), 200);
  return (
    <>
      <PageHeader title="Customers">
        <p>
          Customers of this portal at Mastercard Open Finance, with their consumers. Open one to
          generate Connect links and personal links for it.
        </p>
      </PageHeader>
      <section aria-labelledby="customers-list" className="mb-10">
        <h2 id="customers-list" className="mb-3 text-lg font-semibold">
          All customers
        </h2>
        {customers.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-400 bg-white p-6 text-slate-700">
            No customers yet. Create the first one below.
          </p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Customers, newest first</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Name
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Email
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Open Finance ID
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Type
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Consumer
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Created
                  </th>
                </tr>
              </thead>
              <tbody>
                {customers.map((customer) => (
                  <tr key={customer.id} className="border-t border-slate-200">
                    <td className="px-3 py-2">
                      <Link
                        href={`/staff/customers/${customer.id}`}
                        className="font-medium text-slate-900 underline underline-offset-2"
                      >
                        {fullName(customer)}
                      </Link>
                    </td>
                    <td className="px-3 py-2">{customer.email ?? '—'}</td>
                    <td className="px-3 py-2 font-mono">{customer.customerId}</td>
                    <td className="px-3 py-2">{customer.type}</td>
                    <td className="px-3 py-2">{customer.consumerId ? 'Yes' : 'No'}</td>
                    <td className="px-3 py-2">
                      <DateTime value={customer.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="customers-new">
        <h2 id="customers-new" className="mb-3 text-lg font-semibold">
          Create a customer
        </h2>
        <NewCustomerForm mode={getEnv().mode} />
      </section>
    </>
  );
}
