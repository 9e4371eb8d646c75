import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .tsx file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.tsx') ? [file] : [];
  });
}

describe('forms', () => {
  // A form submitted through JavaScript (onSubmit) is a plain GET form until the page's script
  // runs: pressed early, or with the script blocked, it would put SSNs and birth dates in the
  // address, the browser history and proxy logs. Every form posts, or has a server action.
  it('never fall back to GET', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const offenders: string[] = [];
    for (const file of [
      ...sources(path.join(root, 'components')),
      ...sources(path.join(root, 'app')),
    ]) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/<form(?:\s[^>]*)?>/g)) {
        const tag = match[0];
        if (!/\baction=\{/.test(tag) && !/\bmethod="post"/.test(tag)) {
          offenders.push(`${path.relative(root, file)}: ${tag.slice(0, 80)}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
