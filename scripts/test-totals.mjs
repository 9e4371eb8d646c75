// Adds up the JSON reports of Vitest and Playwright and prints one line "N passed, N failed".
// Exits 1 when a report is missing or unreadable, or any test failed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'reports';
let passed = 0;
let failed = 0;
let ok = true;
for (const file of readdirSync(dir).filter((f) => f.endsWith('-results.json'))) {
  try {
    const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    if ('numPassedTests' in report) {
      passed += report.numPassedTests;
      failed += report.numFailedTests;
    } else if (report.stats) {
      passed += report.stats.expected + report.stats.flaky;
      failed += report.stats.unexpected;
    } else {
      throw new Error('unknown report format');
    }
  } catch (error) {
    console.error(`${file}: ${error.message}`);
    ok = false;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 && passed > 0 ? 0 : 1);
