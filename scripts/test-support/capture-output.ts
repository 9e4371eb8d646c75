import { format } from 'node:util';
import { getLogLevel, setLogLevel } from '../../lib/log';

/**
 * Records everything the test process writes to stdout/stderr (and through console) from now on,
 * so a suite can assert that no secret was ever logged. Output is swallowed unless `passThrough`.
 * The portal's logger writes every level while capturing (tests are otherwise silent, see
 * quiet-logs.ts), so what is captured is all the portal would have logged.
 */
export interface OutputCapture {
  /** everything captured so far */
  text(): string;
  /** restores the streams and console; idempotent */
  stop(): void;
}

type Write = typeof process.stdout.write;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export function captureOutput(options: { passThrough?: boolean } = {}): OutputCapture {
  const chunks: string[] = [];
  const record = (chunk: unknown) => {
    chunks.push(
      typeof chunk === 'string'
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk).toString('utf8')
          : String(chunk),
    );
  };

  const patchStream = (stream: NodeJS.WriteStream) => {
    const original: Write = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      record(chunk);
      if (options.passThrough)
        return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    } as Write;
    return () => {
      stream.write = original;
    };
  };

  const level = getLogLevel();
  setLogLevel('debug');
  const restoreStdout = patchStream(process.stdout);
  const restoreStderr = patchStream(process.stderr);
  const originalConsole = new Map<string, (...args: unknown[]) => void>();
  for (const method of CONSOLE_METHODS) {
    const original = console[method] as (...args: unknown[]) => void;
    originalConsole.set(method, original);
    console[method] = (...args: unknown[]) => {
      record(`${format(...args)}\n`);
      if (options.passThrough) original.apply(console, args);
    };
  }

  let stopped = false;
  return {
    text: () => chunks.join(''),
    stop() {
      if (stopped) return;
      stopped = true;
      setLogLevel(level);
      restoreStdout();
      restoreStderr();
      for (const [method, original] of originalConsole) {
        (console as unknown as Record<string, unknown>)[method] = original;
      }
    },
  };
}
