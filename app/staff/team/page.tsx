import type { Metadata } from 'next';
import { NewStaffForm } from '@/components/forms/new-staff-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth';
import { listStaff } from '@/lib/auth/staff';
import { getDb } from '@/lib/db';

export const metadata: Metadata = { title: 'Team' };

export default async function TeamPage() {
  await requireStaff('admin', '/staff/team');
  const db = await getDb();
  const team = await listStaff(db);
  return (
    <>
      <PageHeader title="Team">
        <p>Staff accounts that can sign in to this portal. Only admins see this page.</p>
      </PageHeader>
      <section aria-labelledby="team-list" className="mb-10">
        <h2 id="team-list" className="mb-3 text-lg font-semibold">
          Staff accounts
        </h2>
        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Name
                </th>
                <th scope="col" className="px-3 py-2">
                  Email
                </th>
                <th scope="col" className="px-3 py-2">
                  Role
                </th>
                <th scope="col" className="px-3 py-2">
                  Since
                </th>
              </tr>
            </thead>
            <tbody>
              {team.map((member) => (
                <tr key={member.email} className="border-t border-slate-200">
                  <td className="px-3 py-2">{member.name}</td>
                  <td className="px-3 py-2">{member.email}</td>
                  <td className="px-3 py-2">{member.role}</td>
                  <td className="px-3 py-2">{member.createdAt.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="team-add">
        <h2 id="team-add" className="mb-3 text-lg font-semibold">
          Add a staff member
        </h2>
        <NewStaffForm />
      </section>
    </>
  );
}
