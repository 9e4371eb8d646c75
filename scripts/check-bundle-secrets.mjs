// Fails when a server secret (its variable name or the sandbox demo value) appears in the
// browser bundles of a build. Usage: node scripts/check-bundle-secrets.mjs [distDir]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const dir = path.join(process.argv[2] ?? '.next', 'static');
const needles = [
  'OPENFINANCE_PARTNER_SECRET',
  'OPENFINANCE_APP_KEY',
  'AUTH_SECRET',
  'SandboxDemoSecret2026',
  '5a9e0c1d7b3f4e2a8c6d1f0b9e7a3c25',
];
const found = [];
let files = 0;
function walk(folder) {
  for (const name of readdirSync(folder)) {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) walk(full);
    else {
      files += 1;
      const text = readFileSync(full, 'utf8');
      for (const needle of needles) if (text.includes(needle)) found.push(`${full}: ${needle}`);
    }
  }
}
walk(dir);
if (found.length > 0) {
  console.error(`Server secrets in browser bundles:\n${found.join('\n')}`);
  process.exit(1);
}
console.log(`No server secret in ${files} browser files under ${dir}.`);
