import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the entry server (scripts/server.ts) knows of the request being served: its id and the
 * client's real address. Carried through every await of that request by AsyncLocalStorage, so the
 * logger can stamp each line and throttles can count the real address.
 *
 * The store lives on globalThis under a registered symbol: the entry server runs this file under
 * tsx while Next bundles its own copy into the server chunks, and both must share one store.
 * No `server-only`: the entry server imports it outside Next.
 */

export interface RequestContext {
  requestId: string;
  clientAddress: string;
}

const KEY = Symbol.for('portal.requestContext');
const globalForContext = globalThis as unknown as {
  [KEY]?: AsyncLocalStorage<RequestContext>;
};

function storage(): AsyncLocalStorage<RequestContext> {
  return (globalForContext[KEY] ??= new AsyncLocalStorage<RequestContext>());
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage().run(context, fn);
}

/** The current request's context, or undefined outside one (start-up work, `next dev`). */
export function getRequestContext(): RequestContext | undefined {
  return storage().getStore();
}
