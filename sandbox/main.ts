// Entry point: `npm run sandbox`. Reads the sandbox's own environment, listens on 127.0.0.1 and ::1.
import { readSandboxEnv } from './config';
import { createSandbox } from './server';

const config = readSandboxEnv(process.env);
if (!config.ok) {
  console.error(`Sandbox configuration is invalid: ${config.errors.join('; ')}`);
  process.exit(1);
}

let sandbox: Awaited<ReturnType<typeof createSandbox>>;
try {
  sandbox = await createSandbox(config.options);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Sandbox could not start: port ${config.options.port} is already in use (set SANDBOX_PORT).`
      : `Sandbox could not start: ${(error as Error).message}`,
  );
  process.exit(1);
}

console.log(
  `Sandbox listening on ${sandbox.url} (control API ${config.options.controlApi ? 'on' : 'off'})`,
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    sandbox
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('Sandbox shutdown failed', error);
        process.exit(1);
      });
  });
}
