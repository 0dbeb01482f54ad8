import type { WhoAmI } from '@intake/schema';
import {
  Activity,
  Database,
  FileUp,
  History,
  type LucideIcon,
  ScrollText,
  Upload,
  UserRound,
  Users,
  Webhook,
} from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useRoute } from 'wouter';
import { useWhoAmI } from '../lib/auth/use-who-am-i';
import { cn } from '../lib/cn';
import { SignOutButton } from './auth/sign-out-button';
import { WorkspaceSwitcher } from './auth/workspace-switcher';

interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  pattern: string;
}

const nav: readonly NavItem[] = [
  { href: '/', label: 'New import', icon: Upload, pattern: '/' },
  { href: '/upload', label: 'Upload file', icon: FileUp, pattern: '/upload' },
  { href: '/imports', label: 'History', icon: History, pattern: '/imports/*?' },
  { href: '/datasets', label: 'Datasets', icon: Database, pattern: '/datasets/*?' },
  { href: '/webhooks', label: 'Webhooks', icon: Webhook, pattern: '/webhooks' },
];

/** Pages for some people only: the server refuses the others anyway (403). */
const restrictedNav: readonly (NavItem & { shows: (who: WhoAmI) => boolean })[] = [
  {
    href: '/members',
    label: 'Members',
    icon: Users,
    pattern: '/members',
    shows: (who: WhoAmI) => who.workspace.role === 'owner',
  },
  {
    href: '/audit',
    label: 'Audit log',
    icon: ScrollText,
    pattern: '/audit',
    shows: (who: WhoAmI) => who.user.isAdmin,
  },
  {
    href: '/health',
    label: 'Health',
    icon: Activity,
    pattern: '/health',
    shows: (who: WhoAmI) => who.user.isAdmin,
  },
];

function NavLink({ href, label, icon: Icon, pattern }: NavItem) {
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
  // Rendered inside RequireSession, so the answer is there.
  const who = useWhoAmI().data;
  return (
    <div className="min-h-dvh bg-zinc-50">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2 sm:px-6">
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
            {who &&
              restrictedNav
                .filter((item) => item.shows(who))
                .map(({ shows: _, ...item }) => <NavLink key={item.href} {...item} />)}
          </nav>
          {who && (
            <div className="ml-auto flex min-w-0 items-center gap-2">
              <WorkspaceSwitcher who={who} />
              <Link
                href="/account"
                aria-label={`Account: ${who.user.email}`}
                title={who.user.email}
                className="inline-flex h-8 min-w-0 items-center gap-1.5 rounded-md px-2 text-sm text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                <UserRound aria-hidden="true" className="size-4 shrink-0" />
                <span className="hidden truncate 2xl:inline">{who.user.email}</span>
              </Link>
              <SignOutButton />
            </div>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
