// `npm run bench:sandbox`: institution search latency and generate-URL latency, in-process.
// Prints numbers only; no assertions.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, DEFAULTS } from './server';
import { DEMO_CUSTOMER_ID } from './store';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-bench-'));
const sandbox = await createSandbox({ port: 0, host: '127.0.0.1', dataDir });
const base = `http://127.0.0.1:${sandbox.port}`;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('ok'));
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const auth = await fetch(`${base}/aggregation/v2/partners/authentication`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'Finicity-App-Key': DEFAULTS.appKey },
  body: JSON.stringify({ partnerId: DEFAULTS.partnerId, partnerSecret: DEFAULTS.partnerSecret }),
});
const { token } = (await auth.json()) as { token: string };
const headers = {
  'Content-Type': 'application/json',
  'Finicity-App-Key': DEFAULTS.appKey,
  'Finicity-App-Token': token,
};

const queries = [
  '',
  'finbank',
  'first',
  'credit union',
  'b',
  'salem savings',
  'principal financial retirement',
  'zzz',
];
const searchServer: number[] = [];
const searchIndex: number[] = [];
for (let round = 0; round < 100; round++) {
  for (const q of queries) {
    let start = performance.now();
    sandbox.ctx.catalog.search({ search: q, start: 1 + (round % 3), limit: 25 });
    searchIndex.push(performance.now() - start);
    start = performance.now();
    const res = await fetch(
      `${base}/institution/v2/institutions?search=${encodeURIComponent(q)}&start=${1 + (round % 3)}&limit=25`,
      { headers },
    );
    await res.arrayBuffer();
    searchServer.push(performance.now() - start);
  }
}
const generate: number[] = [];
for (let i = 0; i < 200; i++) {
  const start = performance.now();
  const res = await fetch(`${base}/connect/v2/generate`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ partnerId: DEFAULTS.partnerId, customerId: DEMO_CUSTOMER_ID, webhook }),
  });
  await res.arrayBuffer();
  generate.push(performance.now() - start);
}
const fmt = (n: number) => n.toFixed(2);
console.log(`catalog size: ${sandbox.ctx.catalog.size}`);
console.log(
  `search (index only)      n=${searchIndex.length} p50=${fmt(percentile(searchIndex, 50))} ms p95=${fmt(percentile(searchIndex, 95))} ms`,
);
console.log(
  `search (HTTP round trip) n=${searchServer.length} p50=${fmt(percentile(searchServer, 50))} ms p95=${fmt(percentile(searchServer, 95))} ms`,
);
console.log(
  `generate URL with ping   n=${generate.length} p50=${fmt(percentile(generate, 50))} ms p95=${fmt(percentile(generate, 95))} ms`,
);
await sandbox.close();
await new Promise<void>((r) => receiver.close(() => r()));
rmSync(dataDir, { recursive: true, force: true });
