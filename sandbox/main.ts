import { createSandbox } from './server';

const port = Number(process.env.SANDBOX_PORT ?? 4010);
const sandbox = await createSandbox({ port, host: ['127.0.0.1', '::1'] });
console.log(`Sandbox listening on ${sandbox.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
