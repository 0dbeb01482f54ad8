import type { CreatedApiToken, TokenScope } from '@intake/schema';
import { useMutation } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toAppError } from '../../lib/app-error';
import { fieldErrors } from '../../lib/field-errors';
import { queryClient, trpc } from '../../trpc';
import { ErrorPanel } from '../error-panel';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { Select } from '../ui/input';
import { TextField } from '../ui/text-field';

const expiryChoices = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 0, label: 'Never (until revoked)' },
] as const;

/** A named token for a program, scoped read or write, in the current workspace. */
export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [expiresInDays, setExpiry] = useState(90);
  const create = useMutation(
    trpc.auth.createToken.mutationOptions({
      // The answer holds the secret: not kept in the mutation cache after this form lets go.
      gcTime: 0,
      onSuccess: async (created) => {
        setName('');
        onCreated(created);
        await queryClient.invalidateQueries({ queryKey: trpc.auth.tokens.queryKey() });
      },
    }),
  );
  const failure = create.error ? toAppError(create.error) : undefined;
  const errors = failure?.kind === 'business' ? fieldErrors(failure.issues) : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, scope, ...(expiresInDays > 0 ? { expiresInDays } : {}) });
  };

  return (
    <form
      noValidate
      onSubmit={submit}
      aria-label="New API token"
      className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-start"
    >
      <TextField
        label="Name"
        placeholder="Nightly export job"
        maxLength={80}
        value={name}
        onChange={(v) => {
          setName(v);
          if (create.isError) create.reset();
        }}
        error={errors.name}
      />
      <Field label="Access" error={errors.scope}>
        {({ id, describedBy }) => (
          <Select
            id={id}
            aria-describedby={describedBy}
            value={scope}
            onChange={(e) => setScope(e.target.value === 'write' ? 'write' : 'read')}
          >
            <option value="read">Read only</option>
            <option value="write">Read and write</option>
          </Select>
        )}
      </Field>
      <Field label="Expires" error={errors.expiresInDays}>
        {({ id, describedBy }) => (
          <Select
            id={id}
            aria-describedby={describedBy}
            value={expiresInDays}
            onChange={(e) => setExpiry(Number(e.target.value))}
          >
            {expiryChoices.map((c) => (
              <option key={c.days} value={c.days}>
                {c.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Button type="submit" loading={create.isPending} className="sm:mt-6">
        {!create.isPending && <Plus aria-hidden="true" className="size-4" />}
        Create token
      </Button>
      {create.isError && (
        <div className="sm:col-span-4">
          <ErrorPanel error={create.error} />
        </div>
      )}
    </form>
  );
}
