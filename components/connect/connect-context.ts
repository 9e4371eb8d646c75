import { createContext, useContext } from 'react';
import type { LaunchableLink } from '@/app/link/actions';

/**
 * What launchers see of the Connect host (connect-provider). A module of its own, so that a
 * launcher rendered by a server component (Reconnect in the accounts section) does not pull the
 * host itself into the page's first chunk.
 */

export type LinkSource =
  | { kind: 'full' }
  | { kind: 'lite'; institutionId: number; institutionName: string }
  | { kind: 'fix'; institutionLoginId: string; institutionName: string }
  | { kind: 'ready'; label: string; link: LaunchableLink };

export interface ConnectContextValue {
  start(source: LinkSource, trigger?: HTMLElement | null): void;
  busy: boolean;
  popupMode: boolean;
  setPopupMode(popup: boolean): void;
}

export const ConnectContext = createContext<ConnectContextValue | null>(null);

export function useConnect(): ConnectContextValue {
  const value = useContext(ConnectContext);
  if (!value) throw new Error('useConnect must be used inside <ConnectProvider>');
  return value;
}
