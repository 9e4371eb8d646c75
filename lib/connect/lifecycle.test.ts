import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxControl, type SandboxControl } from '@/scripts/test-support/sandbox-control';
import { startSandboxProcess, type SandboxProcess } from '@/scripts/test-support/sandbox-process';
import { generateConnectLink } from './links';
import { connectOptionsSchema } from './schemas';
import { createCustomer } from '../customers/customers';
import { type DatabaseHandle, openDatabase } from '../db/client';
import { connectLinks, webhookEvents } from '../db/schema';
import { createOpenFinanceClient, type OpenFinanceClient } from '../openfinance';
import { receiveWebhook } from '../webhooks/receive';

// The whole loop of a Connect link with no browser: the portal generates it (webhook = our real
// receiver, served here over HTTP), the sandbox's session driver completes it as a test profile,
// and the signed webhooks it sends move the stored link to `completed`.

const DEMO = {
  partnerId: '1445585709680',
  partnerSecret: 'SandboxDemoSecret2026',
  appKey: '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
};

describe('a portal link completed through the sandbox session driver', () => {
  let sandbox: SandboxProcess;
  let control: SandboxControl;
  let handle: DatabaseHandle;
  let client: OpenFinanceClient;
  let receiver: Server;
  let publicBaseUrl: string;

  beforeAll(async () => {
    [sandbox, handle] = await Promise.all([startSandboxProcess(), openDatabase({})]);
    control = createSandboxControl(sandbox.controlUrl);
    client = createOpenFinanceClient({ apiUrl: sandbox.url, ...DEMO });
    receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      const response = await receiveWebhook(request, {
        db: handle.db,
        partnerSecret: DEMO.partnerSecret,
      });
      res.writeHead(response.status, { 'Content-Type': 'application/json' });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    publicBaseUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await Promise.all([sandbox?.stop(), handle?.close()]);
  });

  for (const contentType of ['application/json', 'application/xml'] as const) {
    it(`ends completed with its events stored and tied to it (${contentType})`, async () => {
      const customer = await createCustomer(
        { db: handle.db, client },
        { firstName: 'Loop', lastName: 'Test', type: 'testing' },
        null,
      );
      const link = await generateConnectLink(
        { db: handle.db, client, publicBaseUrl },
        {
          kind: 'full',
          customer,
          options: connectOptionsSchema.parse({ webhookContentType: contentType }),
        },
        { type: 'customer', customerId: customer.id },
      );
      expect(link.status).toBe('generated');

      await control.completeSession(link.link, {
        institutionId: 101732,
        profile: 'demo',
        password: 'go',
      });

      await expect
        .poll(
          async () =>
            (await handle.db.select().from(connectLinks).where(eq(connectLinks.id, link.id)))[0]
              ?.status,
          { timeout: 15_000 },
        )
        .toBe('completed');
      const events = await handle.db
        .select({ type: webhookEvents.eventType, contentType: webhookEvents.contentType })
        .from(webhookEvents)
        .where(eq(webhookEvents.linkId, link.id));
      const types = events.map((e) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(['started', 'adding', 'discovered', 'added', 'done']),
      );
      expect(events.every((e) => e.contentType.includes(contentType.split('/')[1]!))).toBe(true);
      // Each event names the customer it belongs to.
      const rows = await handle.db
        .select({ customerId: webhookEvents.customerId })
        .from(webhookEvents)
        .where(eq(webhookEvents.linkId, link.id));
      expect(new Set(rows.map((r) => r.customerId))).toEqual(new Set([customer.customerId]));
    });
  }
});
