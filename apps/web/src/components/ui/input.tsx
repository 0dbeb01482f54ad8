import type { ComponentProps } from 'react';
import { cn } from '../../lib/cn';

export const fieldClasses = cn(
  'block w-full rounded-md border-0 bg-white px-2.5 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300',
  'placeholder:text-zinc-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none',
  'aria-invalid:ring-red-400 aria-invalid:focus:ring-red-500 disabled:bg-zinc-50 disabled:text-zinc-500',
);

export function Input({ className, ...props }: ComponentProps<'input'>) {
  return <input className={cn(fieldClasses, 'h-9', className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return (
    <textarea
      className={cn(fieldClasses, 'py-2 font-mono leading-relaxed', className)}
      {...props}
    />
  );
}

/** A native select: keyboard and screen-reader behaviour for free, styled like the inputs. */
export function Select({ className, children, ...props }: ComponentProps<'select'>) {
  return (
    <select className={cn(fieldClasses, 'h-9 pr-8', className)} {...props}>
      {children}
    </select>
  );
}
