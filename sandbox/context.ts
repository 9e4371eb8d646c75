import type { Catalog } from './catalog';
import type { Clock } from './clock';
import type { Store } from './store';
import type { WebhookDispatcher } from './webhooks';

export interface SandboxConfig {
  partnerId: string;
  /** the secret the partner starts with (and returns to on reset) */
  partnerSecret: string;
  appKey: string;
  /** base of generated links and asset URLs, no trailing slash */
  publicUrl: string;
  controlApi: boolean;
  /** CSP frame-ancestors for hosted pages; '*' = any */
  frameAncestors: string;
}

/** Everything the API handlers, the session driver and (later) the hosted pages share. */
export interface SandboxContext {
  config: SandboxConfig;
  store: Store;
  clock: Clock;
  catalog: Catalog;
  webhooks: WebhookDispatcher;
}
