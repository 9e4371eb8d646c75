'use client';

import type { PersonalLinkResult } from '@/app/staff/customers/[id]/actions';
import { CopyableUrl } from './copyable-url';
import { FormStatus } from './form-status';
import { formatDateTime } from './labels';
import { type FormAction, useActionForm } from '../forms/use-action-form';
import { Button } from '../ui/button';

/** Makes a personal link (`/link/<token>`); the token is shown this once. */
export function PersonalLinkForm({ action }: { action: FormAction<PersonalLinkResult> }) {
  const { state, pending, formRef, onSubmit } = useActionForm(action);
  return (
    <form
      method="post"
      ref={formRef}
      onSubmit={onSubmit}
      aria-label="Make a personal link"
      className="flex flex-col gap-3"
    >
      <FormStatus
        state={state}
        success={(data) => (
          <div className="flex flex-col gap-2">
            <p>Personal link made. It is shown only now: copy it and send it to the customer.</p>
            <CopyableUrl
              id="personal-link-url"
              label="Personal link"
              url={data.url}
              expiresAt={data.expiresAt}
            />
          </div>
        )}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Making…' : 'Make a personal link'}
        </Button>
      </div>
    </form>
  );
}

export interface PersonalLinkRow {
  id: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
}

function statusOf(row: PersonalLinkRow, now: number): string {
  if (row.revokedAt) return 'Revoked';
  if (Date.parse(row.expiresAt) <= now) return 'Expired';
  return 'Active';
}

/** The customer's personal links; active ones can be revoked (one form, one button per row). */
export function PersonalLinksTable({
  action,
  rows,
  now,
}: {
  action: FormAction<{ tokenId: string }>;
  rows: PersonalLinkRow[];
  /** the server's clock at render, so server and browser agree on "expired" */
  now: number;
}) {
  const { state, pending, formRef, onSubmit } = useActionForm(action);
  return (
    <form
      method="post"
      ref={formRef}
      onSubmit={onSubmit}
      aria-label="Personal links"
      className="flex flex-col gap-3"
    >
      {rows.length === 0 ? (
        <p className="text-slate-700">No personal links yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Personal links, newest first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Made
                </th>
                <th scope="col" className="px-3 py-2">
                  By
                </th>
                <th scope="col" className="px-3 py-2">
                  Expires
                </th>
                <th scope="col" className="px-3 py-2">
                  Last used
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const status = statusOf(row, now);
                return (
                  <tr key={row.id} className="border-t border-slate-200">
                    <td className="px-3 py-2">{formatDateTime(row.createdAt)}</td>
                    <td className="px-3 py-2">{row.createdBy ?? '—'}</td>
                    <td className="px-3 py-2">{formatDateTime(row.expiresAt)}</td>
                    <td className="px-3 py-2">
                      {row.lastUsedAt ? formatDateTime(row.lastUsedAt) : 'Never'}
                    </td>
                    <td className="px-3 py-2">
                      {status}
                      {row.revokedAt ? ` ${formatDateTime(row.revokedAt)}` : ''}
                    </td>
                    <td className="px-3 py-2">
                      {status === 'Active' ? (
                        <Button
                          type="submit"
                          name="tokenId"
                          value={row.id}
                          variant="danger"
                          disabled={pending}
                          aria-label={`Revoke the personal link made ${formatDateTime(row.createdAt)}`}
                        >
                          Revoke
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <FormStatus
        state={state}
        success={() => <p>Personal link revoked. Opening it now shows that it was withdrawn.</p>}
      />
    </form>
  );
}
