import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-700">
        There is nothing at this address. It may have moved, or the link may be incomplete.
      </p>
      <Link href="/" className="mt-4 inline-block underline">
        Go to the start page
      </Link>
    </div>
  );
}
