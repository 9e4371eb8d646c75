/**
 * `npm run fuzz`: the long fuzz run (default 20,000 cases in all), printing the same counts as the
 * test command's bounded run. Needs `next build` and a PostgreSQL server:
 *   FUZZ_DATABASE_URL=postgres://postgres@127.0.0.1:5433/postgres npm run fuzz [-- --cases 20000]
 * A failure is replayed with the seed and the cases per target it prints (FUZZ_SEED and
 * FUZZ_CASES_PER_TARGET, which `npm run fuzz` and the test command's run both read); FUZZ_ONLY=<target>
 * runs one route or action alone.
 */
import { runFuzz } from './suite';
import { readTargets } from './targets';

const arg = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
};
const url = process.env.FUZZ_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) {
  console.error('Set FUZZ_DATABASE_URL to a PostgreSQL server (rows are counted during the run).');
  process.exit(2);
}
const total = Number(arg('cases') ?? 20_000);
const { routes, actions } = readTargets(process.env.NEXT_DIST_DIR || '.next');
const perTarget = process.env.FUZZ_CASES_PER_TARGET
  ? Number(process.env.FUZZ_CASES_PER_TARGET)
  : Math.max(1, Math.ceil(total / (routes.length + actions.length)));
const report = await runFuzz({
  adminDatabaseUrl: url,
  only: process.env.FUZZ_ONLY,
  casesPerTarget: perTarget,
  seed: arg('seed')
    ? Number(arg('seed'))
    : process.env.FUZZ_SEED
      ? Number(process.env.FUZZ_SEED)
      : undefined,
});
const ok =
  report.failures.length === 0 &&
  report.missingGenerators.length === 0 &&
  Object.keys(report.grown).length === 0;
console.log(ok ? 'fuzz: no failures' : 'fuzz: FAILED');
process.exit(ok ? 0 : 1);
