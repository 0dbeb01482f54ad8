import { cn } from '../../lib/cn';

interface ProgressBarProps {
  /** Announced with the value, e.g. "Upload progress". */
  label: string;
  value: number;
  max: number;
  /** Spoken and shown instead of a bare percentage, e.g. "12 MB of 20 MB". */
  valueText?: string | undefined;
  tone?: 'indigo' | 'emerald' | 'zinc';
  className?: string;
}

const tones = { indigo: 'bg-indigo-600', emerald: 'bg-emerald-600', zinc: 'bg-zinc-400' } as const;

export function ProgressBar({
  label,
  value,
  max,
  valueText,
  tone = 'indigo',
  className,
}: ProgressBarProps) {
  const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(ratio * 100)}
      aria-valuetext={valueText}
      className={cn('h-2.5 w-full overflow-hidden rounded-full bg-zinc-100', className)}
    >
      <div
        className={cn('h-full rounded-full transition-[width] duration-300', tones[tone])}
        style={{ width: `${ratio * 100}%` }}
      />
    </div>
  );
}
