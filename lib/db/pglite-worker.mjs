// The PGlite database on a thread of its own (see pglite-thread.ts): the portal's request thread
// sends SQL and gets rows back, while Postgres (WASM) and its file writes run here.
// Plain JavaScript, loaded by path at run time, so no bundler has to know about it.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const keepText = (value) => value;

function errorFields(error) {
  const fields = { name: error?.name ?? 'Error', message: String(error?.message ?? error) };
  // DatabaseError carries Postgres' fields (code, detail, constraint, …): keep the plain ones.
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error)) {
      if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
    }
  }
  return fields;
}

let db;
try {
  db = workerData.dataDir ? new PGlite(workerData.dataDir) : new PGlite();
  await db.waitReady;
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  parentPort.postMessage({ type: 'failed', error: errorFields(error) });
  process.exit(1);
}

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close().then(
      () => parentPort.postMessage({ type: 'closed' }),
      () => parentPort.postMessage({ type: 'closed' }),
    );
    return;
  }
  // PGlite runs one statement at a time, in the order asked (its query lock is first come, first
  // served), which is the order the request thread sent them.
  const parsers = Object.fromEntries((message.textTypes ?? []).map((oid) => [oid, keepText]));
  db.query(message.sql, message.params, { rowMode: message.rowMode, parsers }).then(
    (result) =>
      parentPort.postMessage({
        type: 'result',
        id: message.id,
        result: { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows },
      }),
    (error) => parentPort.postMessage({ type: 'error', id: message.id, error: errorFields(error) }),
  );
});
