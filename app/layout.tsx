import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Data Connect Partner Portal', template: '%s · Data Connect Partner Portal' },
  description: 'Link financial accounts with Mastercard Open Finance Data Connect.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main
          id="main"
          aria-label="Portal content"
          className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6"
        >
          {children}
        </main>
      </body>
    </html>
  );
}
