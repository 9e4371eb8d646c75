import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Runs axe on the page; zero violations allowed. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  // The official Connect SDK gives its iframe role="dialog", which aria-allowed-role flags; that
  // one rule is excused for #connectIframe only (everything else must pass).
  const violations = results.violations
    .map((v) =>
      v.id === 'aria-allowed-role'
        ? { ...v, nodes: v.nodes.filter((n) => !n.target.join(' ').includes('#connectIframe')) }
        : v,
    )
    .filter((v) => v.nodes.length > 0);
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}
