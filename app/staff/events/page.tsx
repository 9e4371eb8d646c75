import type { Metadata } from 'next';
import { DateTime } from '@/components/ui/date-time';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth';
import { getDb } from '@/lib/db';
import { listRecentEvents } from '@/lib/webhooks/events';
import { listRecentRejections } from '@/lib/webhooks/rejections';

export const metadata: Metadata = { title: 'Webhook events' };

const QUARANTINE_LABELS: Record<string, string> = {
  not_utf8: 'not UTF-8',
  nul_in_body: 'contains a NUL character',
  too_deep: 'nested too deeply',
  malformed_json: 'malformed JSON',
  malformed_xml: 'malformed XML',
  not_an_event: 'not a Connect event',
};

function quarantineLabel(reason: string): string {
  return (
    QUARANTINE_LABELS[reason] ??
    (reason.startsWith('database_') ? 'refused by the database' : reason)
  );
}

export default async function StaffEventsPage() {
  await requireStaff('staff', '/staff/events');
  const db = await getDb();
  const [events, rejections] = await Promise.all([
    listRecentEvents(db, 100),
    listRecentRejections(db, 20),
  ]);
  return (
    <>
      <PageHeader title="Webhook events">
        <p>
          Every signed webhook Mastercard delivered, newest first (the latest 100). A signed body
          the portal cannot read is kept as received and shown as quarantined. Live updates and
          filters by type, customer and link come with the events dashboard.
        </p>
      </PageHeader>
      <section aria-labelledby="events-heading">
        <h2 id="events-heading" className="mb-3 text-lg font-semibold">
          Received events
        </h2>
        {events.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-400 bg-white p-6 text-slate-700">
            No events yet. They arrive as soon as a customer opens a Connect link.
          </p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Received webhook events, newest first</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Received
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Type
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Customer
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Link
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Format
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Deliveries
                  </th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr
                    key={event.id}
                    className="border-t border-slate-200"
                    data-event-id={event.eventId}
                  >
                    <td className="px-3 py-2 whitespace-nowrap">
                      <DateTime value={event.receivedAt} />
                    </td>
                    <td className="px-3 py-2 font-medium">
                      {event.quarantineReason === null ? (
                        event.eventType
                      ) : (
                        <span title="Signed by Mastercard but not readable as an event: kept as received, with no effect on any link.">
                          Quarantined{' '}
                          <span className="font-normal text-slate-700">
                            ({quarantineLabel(event.quarantineReason)})
                          </span>
                        </span>
                      )}
                    </td>
                    <td className="px-3 py-2">{event.customerId ?? '—'}</td>
                    <td className="px-3 py-2 font-mono text-xs">{event.linkId ?? '—'}</td>
                    <td className="px-3 py-2">
                      {event.contentType.includes('xml') ? 'XML' : 'JSON'}
                    </td>
                    <td className="px-3 py-2">{event.deliveryCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="rejections-heading" className="mt-10">
        <h2 id="rejections-heading" className="mb-3 text-lg font-semibold">
          Refused deliveries
        </h2>
        {rejections.length === 0 ? (
          <p className="text-slate-700">None.</p>
        ) : (
          <ul className="list-disc pl-6 text-sm text-slate-800">
            {rejections.map((r) => (
              <li key={r.id}>
                <DateTime value={r.receivedAt} />: {r.reason} ({r.size} bytes)
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
