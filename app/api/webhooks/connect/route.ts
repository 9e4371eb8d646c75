import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { receiveWebhook } from '@/lib/webhooks/receive';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Mastercard's signed Connect webhooks; all the rules live in lib/webhooks/receive.ts.
export async function POST(request: Request) {
  return receiveWebhook(request, {
    db: getDb(),
    batchDb: getDb('webhookBatch'),
    partnerSecret: getEnv().partnerSecret,
  });
}
