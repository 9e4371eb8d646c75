import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-semibold">You do not have access to this page</h1>
      <p className="mt-2 text-slate-700">
        This page needs the admin role. Ask an admin of this portal if you need it.
      </p>
      <Link href="/staff/customers" className="mt-4 inline-block underline">
        Back to customers
      </Link>
    </div>
  );
}
