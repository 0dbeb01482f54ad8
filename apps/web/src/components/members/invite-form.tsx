import { type Invite, type WorkspaceRole, workspaceRoles } from '@intake/schema';
import { useMutation } from '@tanstack/react-query';
import { UserPlus } from 'lucide-react';
import { useState } from 'react';
import { toAppError } from '../../lib/app-error';
import { fieldErrors } from '../../lib/field-errors';
import { trpc } from '../../trpc';
import { InlineCreateForm } from '../inline-create-form';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';

const roleChoices = workspaceRoles.map((role) => ({ value: role, label: role }));

const expiryChoices = [
  { value: 24, label: '1 day' },
  { value: 72, label: '3 days' },
  { value: 168, label: '7 days' },
  { value: 720, label: '30 days' },
];

/** An invite link to pass on by hand: Intake sends no mail. */
export function InviteForm({ onCreated }: { onCreated: (invite: Invite) => void }) {
  const [role, setRole] = useState<WorkspaceRole>('member');
  const [email, setEmail] = useState('');
  const [expiresInHours, setExpiry] = useState<number>(72);
  const create = useMutation(
    trpc.workspaces.invite.mutationOptions({
      // The link is the invite's secret: not kept in the mutation cache.
      gcTime: 0,
      onSuccess: (invite) => {
        setEmail('');
        onCreated(invite);
      },
    }),
  );
  const failure = create.error ? toAppError(create.error) : undefined;
  const errors = failure?.kind === 'business' ? fieldErrors(failure.issues) : {};

  const submit = () => create.mutate({ role, expiresInHours, ...(email.trim() ? { email } : {}) });

  return (
    <InlineCreateForm
      label="Invite someone"
      submit={submit}
      pending={create.isPending}
      error={create.error}
      icon={<UserPlus aria-hidden="true" className="size-4" />}
      submitLabel="Create invite link"
    >
      <TextField
        label="Email (optional)"
        type="email"
        hint="When set, only this address can accept."
        value={email}
        onChange={(v) => {
          setEmail(v);
          if (create.isError) create.reset();
        }}
        error={errors.email}
      />
      <SelectField
        label="Role"
        error={errors.role}
        value={role}
        options={roleChoices}
        onChange={setRole}
      />
      <SelectField
        label="Link expires in"
        error={errors.expiresInHours}
        value={expiresInHours}
        options={expiryChoices}
        onChange={setExpiry}
      />
    </InlineCreateForm>
  );
}
