import type { ReactNode } from 'react';

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children ? <div className="mt-2 max-w-2xl text-slate-700">{children}</div> : null}
    </div>
  );
}
