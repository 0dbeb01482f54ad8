import type { CreatedApiToken, TokenScope } from '@intake/schema';
import { useMutation } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { toAppError } from '../../lib/app-error';
import { fieldErrors } from '../../lib/field-errors';
import { queryClient, trpc } from '../../trpc';
import { InlineCreateForm } from '../inline-create-form';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';

const scopeChoices: { value: TokenScope; label: string }[] = [
  { value: 'read', label: 'Read only' },
  { value: 'write', label: 'Read and write' },
];

const expiryChoices = [
  { value: 7, label: '7 days' },
  { value: 30, label: '30 days' },
  { value: 90, label: '90 days' },
  { value: 365, label: '1 year' },
  { value: 0, label: 'Never (until revoked)' },
];

/** A named token for a program, scoped read or write, in the current workspace. */
export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [expiresInDays, setExpiry] = useState<number>(90);
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

  const submit = () =>
    create.mutate({ name, scope, ...(expiresInDays > 0 ? { expiresInDays } : {}) });

  return (
    <InlineCreateForm
      label="New API token"
      submit={submit}
      pending={create.isPending}
      error={create.error}
      icon={<Plus aria-hidden="true" className="size-4" />}
      submitLabel="Create token"
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
      <SelectField
        label="Access"
        error={errors.scope}
        value={scope}
        options={scopeChoices}
        onChange={setScope}
      />
      <SelectField
        label="Expires"
        error={errors.expiresInDays}
        value={expiresInDays}
        options={expiryChoices}
        onChange={setExpiry}
      />
    </InlineCreateForm>
  );
}
