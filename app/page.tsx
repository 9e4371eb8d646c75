import Link from 'next/link';

export default function HomePage() {
  return (
    <>
      <h1 className="text-3xl font-semibold">Data Connect Partner Portal</h1>
      <p className="mt-3 max-w-2xl text-lg text-slate-700">
        Every Mastercard Open Finance Data Connect flow in one place: customers link their accounts,
        staff send Connect emails and watch the webhooks arrive.
      </p>
      <div className="mt-8 grid gap-4 sm:grid-cols-2">
        <Link
          href="/link"
          className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm hover:border-slate-400"
        >
          <h2 className="text-lg font-semibold">Link accounts</h2>
          <p className="mt-1 text-slate-700">For customers: connect your financial accounts.</p>
        </Link>
        <Link
          href="/staff/customers"
          className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm hover:border-slate-400"
        >
          <h2 className="text-lg font-semibold">Staff area</h2>
          <p className="mt-1 text-slate-700">Customers, Connect emails and webhook events.</p>
        </Link>
      </div>
    </>
  );
}
