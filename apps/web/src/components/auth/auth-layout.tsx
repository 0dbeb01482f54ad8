import { Upload } from 'lucide-react';
import type { ReactNode } from 'react';

/** The frame of the pages seen before signing in: no navigation, one centred card. */
export function AuthLayout({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh items-start justify-center bg-zinc-50 px-4 py-16 sm:items-center">
      <main id="main" className="w-full max-w-sm space-y-6">
        <div className="space-y-3 text-center">
          <span
            aria-hidden="true"
            className="mx-auto flex size-10 items-center justify-center rounded-xl bg-indigo-600 text-white"
          >
            <Upload className="size-5" />
          </span>
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
          {description && <p className="text-sm text-zinc-500">{description}</p>}
        </div>
        <div className="rounded-xl bg-white p-6 shadow-xs ring-1 ring-zinc-200">{children}</div>
      </main>
    </div>
  );
}
