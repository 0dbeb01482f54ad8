import { Database, FileUp, History, Upload, Webhook } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useRoute } from 'wouter';
import { cn } from '../lib/cn';

const nav = [
  { href: '/', label: 'New import', icon: Upload, pattern: '/' },
  { href: '/upload', label: 'Upload file', icon: FileUp, pattern: '/upload' },
  { href: '/imports', label: 'History', icon: History, pattern: '/imports/*?' },
  { href: '/datasets', label: 'Datasets', icon: Database, pattern: '/datasets/*?' },
  { href: '/webhooks', label: 'Webhooks', icon: Webhook, pattern: '/webhooks' },
] as const;

function NavLink({ href, label, icon: Icon, pattern }: (typeof nav)[number]) {
  const [active] = useRoute(pattern);
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={cn(
        'inline-flex h-9 items-center gap-2 rounded-md px-3 text-sm font-medium transition-colors',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
        active ? 'bg-zinc-100 text-zinc-900' : 'text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900',
      )}
    >
      <Icon aria-hidden="true" className="size-4" />
      <span className="sr-only sm:not-sr-only">{label}</span>
    </Link>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-dvh bg-zinc-50">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
          <Link
            href="/"
            className="flex items-center gap-2 rounded-md font-semibold text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <span
              aria-hidden="true"
              className="flex size-7 items-center justify-center rounded-lg bg-indigo-600 text-white"
            >
              <Upload className="size-4" />
            </span>
            Intake
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1">
            {nav.map((item) => (
              <NavLink key={item.href} {...item} />
            ))}
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
