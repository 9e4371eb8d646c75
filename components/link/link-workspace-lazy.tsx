'use client';
import dynamic from 'next/dynamic';

// Its own chunk: a visitor who has not started yet downloads only the start form, not the
// Connect host and the search's stand-in. Still rendered on the server, so nothing shifts.
export const LinkWorkspace = dynamic(() =>
  import('./link-workspace').then((module) => module.LinkWorkspace),
);
