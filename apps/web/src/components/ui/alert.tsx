import { AlertTriangle, CheckCircle2, Info, XCircle } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

const tones = {
  info: { box: 'bg-indigo-50 ring-indigo-200 text-indigo-900', icon: Info },
  success: { box: 'bg-emerald-50 ring-emerald-200 text-emerald-900', icon: CheckCircle2 },
  warning: { box: 'bg-amber-50 ring-amber-200 text-amber-900', icon: AlertTriangle },
  danger: { box: 'bg-red-50 ring-red-200 text-red-900', icon: XCircle },
} as const;

interface AlertProps {
  tone?: keyof typeof tones;
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  /** `alert` interrupts a screen reader; use it only for what just went wrong. */
  role?: 'alert' | 'status';
}

export function Alert({ tone = 'info', title, children, actions, role = 'status' }: AlertProps) {
  const { box, icon: Icon } = tones[tone];
  return (
    <div role={role} className={cn('flex gap-3 rounded-lg p-4 ring-1 ring-inset', box)}>
      <Icon aria-hidden="true" className="mt-0.5 size-5 shrink-0" />
      <div className="min-w-0 flex-1 text-sm">
        <p className="font-semibold">{title}</p>
        {children && <div className="mt-1 opacity-90">{children}</div>}
        {actions && <div className="mt-3 flex flex-wrap gap-2">{actions}</div>}
      </div>
    </div>
  );
}
