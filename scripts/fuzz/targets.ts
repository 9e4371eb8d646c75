import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the built portal exposes, read from the build's own manifests (action ids change with
 * every build, so nothing here is hard-coded): every route handler, and every server action with
 * the pages it can be posted to.
 */

export interface RouteTarget {
  kind: 'route';
  /** the route as written, e.g. `/api/links/[id]` */
  route: string;
}

export interface ActionTarget {
  kind: 'action';
  id: string;
  /** exported name, e.g. `generateLinkAction` */
  name: string;
  /** the pages it is posted to, e.g. `/staff/customers/[id]` */
  pages: string[];
  /**
   * The name, or `name@page` when two actions share one (the customer's and the staff's
   * generateLinkAction), with the page that tells them apart.
   */
  key: string;
}

export type Target = RouteTarget | ActionTarget;

export function targetKey(target: Target): string {
  return target.kind === 'route' ? target.route : target.key;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function readTargets(distDir: string): { routes: RouteTarget[]; actions: ActionTarget[] } {
  const appPaths = readJson<Record<string, string>>(
    path.join(distDir, 'app-path-routes-manifest.json'),
  );
  const routes = Object.entries(appPaths)
    .filter(([entry]) => entry.endsWith('/route'))
    .map(([, route]) => ({ kind: 'route' as const, route }))
    .sort((a, b) => a.route.localeCompare(b.route));

  const references = readJson<{
    node: Record<string, { exportedName?: string; workers?: Record<string, unknown> }>;
  }>(path.join(distDir, 'server', 'server-reference-manifest.json'));
  const found = Object.entries(references.node).map(([id, entry]) => {
    const pages = Object.keys(entry.workers ?? {})
      .filter((worker) => worker.startsWith('app/') && worker.endsWith('/page'))
      .map((worker) => worker.slice('app'.length, -'/page'.length) || '/')
      .filter((page) => !page.startsWith('/_'))
      .sort();
    return { kind: 'action' as const, id, name: entry.exportedName ?? id, pages };
  });
  const shared = (name: string) => found.filter((action) => action.name === name).length > 1;
  const actions = found
    .map((action) => ({
      ...action,
      key: shared(action.name) ? `${action.name}@${action.pages[0] ?? '/'}` : action.name,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { routes, actions };
}
