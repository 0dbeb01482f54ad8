import type { FormEvent, ReactNode } from 'react';
import { ErrorPanel } from './error-panel';
import { Button } from './ui/button';

/**
 * A form on one row that creates something (an API token, an invite link): its fields, the
 * submit button with its icon, and under them the failure of the last try. The caller keeps the
 * mutation; `submit` runs once the browser's own submission is stopped.
 */
export function InlineCreateForm({
  label,
  submit,
  pending,
  error,
  icon,
  submitLabel,
  children,
}: {
  label: string;
  submit: () => void;
  pending: boolean;
  error: unknown;
  icon: ReactNode;
  submitLabel: string;
  children: ReactNode;
}) {
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  return (
    <form
      noValidate
      onSubmit={onSubmit}
      aria-label={label}
      className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-start"
    >
      {children}
      <Button type="submit" loading={pending} className="sm:mt-6">
        {!pending && icon}
        {submitLabel}
      </Button>
      {error ? (
        <div className="sm:col-span-4">
          <ErrorPanel error={error} />
        </div>
      ) : null}
    </form>
  );
}
