import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Runs axe on the page; zero violations allowed. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  // The official Connect SDK marks up its iframe itself: role="dialog" (aria-allowed-role) and
  // tabindex="-1" around focusable content (frame-focusable-content). Those two rules are excused
  // for #connectIframe only; everything else, inside the frame too, must pass.
  const sdkMarkupRules = new Set(['aria-allowed-role', 'frame-focusable-content']);
  const violations = results.violations
    .map((v) =>
      sdkMarkupRules.has(v.id)
        ? { ...v, nodes: v.nodes.filter((n) => String(n.target[0]) !== '#connectIframe') }
        : v,
    )
    .filter((v) => v.nodes.length > 0);
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}
