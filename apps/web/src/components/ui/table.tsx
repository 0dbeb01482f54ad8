import type { ComponentProps } from 'react';
import { cn } from '../../lib/cn';

/**
 * Wide tables scroll inside this region, not the page. `relative` makes it the containing block
 * of sr-only (absolutely positioned) texts in cells, which would otherwise widen the page.
 */
export function TableContainer({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('relative overflow-x-auto', className)} {...props} />;
}

export function Table({ className, ...props }: ComponentProps<'table'>) {
  return <table className={cn('min-w-full text-left text-sm', className)} {...props} />;
}

export function Th({ className, ...props }: ComponentProps<'th'>) {
  return (
    <th
      scope="col"
      className={cn(
        'border-b border-zinc-200 bg-zinc-50 px-4 py-2.5 text-xs font-semibold text-zinc-600',
        className,
      )}
      {...props}
    />
  );
}

export function Td({ className, ...props }: ComponentProps<'td'>) {
  return (
    <td
      className={cn('border-b border-zinc-100 px-4 py-2.5 align-top text-zinc-800', className)}
      {...props}
    />
  );
}
