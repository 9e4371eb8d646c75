'use client';

import { type LinkSource, useConnect } from './connect-context';
import { Button } from '../ui/button';

export function ConnectButton({ source, children }: { source: LinkSource; children: string }) {
  const connect = useConnect();
  return (
    <Button onClick={(e) => connect.start(source, e.currentTarget)} disabled={connect.busy}>
      {children}
    </Button>
  );
}
