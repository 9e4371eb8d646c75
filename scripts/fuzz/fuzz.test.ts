import { describe, expect, it } from 'vitest';
import { runFuzz } from './suite';

// The bounded fuzz run of the test command (the long one is `npm run fuzz`). Needs the built
// portal and a PostgreSQL server (TEST_DATABASE_URL): rows are counted through a second
// connection while the portal runs.
const adminDatabaseUrl = process.env.TEST_DATABASE_URL;
const casesPerTarget = Number(process.env.FUZZ_CASES_PER_TARGET ?? 200);

describe('fuzz: bad input for every route handler and server action', () => {
  it.runIf(adminDatabaseUrl)(
    'no 5xx, no hang, no stored row, no leak',
    async () => {
      const report = await runFuzz({
        adminDatabaseUrl: adminDatabaseUrl!,
        casesPerTarget,
        seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
      });
      expect(report.missingGenerators).toEqual([]);
      expect(report.grown).toEqual({});
      expect(report.failures.map((f) => `${f.target}: ${f.message}`)).toEqual([]);
      expect(report.cases).toBeGreaterThan(0);
    },
    240_000,
  );
});
