import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { CourseNav } from '@/components/CourseNav';
import { OfflineRegistration } from '@/components/OfflineRegistration';
import { SiteHeader } from '@/components/SiteHeader';
import { themeScript } from '@/lib/course/theme-script';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Incremental Lab', template: '%s · Incremental Lab' },
  description: 'Learn dbt incremental models by building them, in your browser, on the Olist data.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="flex h-dvh flex-col bg-white font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
        >
          Skip to content
        </a>
        <OfflineRegistration />
        <SiteHeader />
        <div className="flex min-h-0 flex-1">
          <aside className="hidden w-60 shrink-0 overflow-y-auto border-r border-slate-200 bg-slate-50 md:block dark:border-slate-800 dark:bg-slate-900">
            <CourseNav />
          </aside>
          <main id="main" className="min-w-0 flex-1 overflow-y-auto">
            {children}
          </main>
        </div>
      </body>
    </html>
  );
}
