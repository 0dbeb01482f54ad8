import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { toAppError } from '../../lib/app-error';
import { enterApp } from '../../lib/auth/session-transitions';
import { fieldErrors } from '../../lib/field-errors';
import type { RouterOutputs } from '../../lib/router-outputs';
import { trpc } from '../../trpc';
import { ErrorPanel } from '../error-panel';
import { Button } from '../ui/button';
import { TextField } from '../ui/text-field';

/**
 * Joins the invite's workspace: a new address gets an account with the password chosen here;
 * an existing account proves itself with its password and gains the workspace.
 */
export function AcceptInviteForm({
  token,
  invite,
}: {
  token: string;
  invite: RouterOutputs['auth']['inviteInfo'];
}) {
  const [email, setEmail] = useState(invite.email ?? '');
  const [password, setPassword] = useState('');
  const accept = useMutation(
    trpc.auth.acceptInvite.mutationOptions({ onSuccess: (who) => enterApp(who, '/') }),
  );
  const failure = accept.error ? toAppError(accept.error) : undefined;
  const errors = failure?.kind === 'business' ? fieldErrors(failure.issues) : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate({ token, email, password });
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Accept invite" className="space-y-4">
      <TextField
        label="Email"
        type="email"
        autoComplete="username"
        required
        readOnly={invite.email !== null}
        hint={invite.email !== null ? 'This invite is for this address only.' : undefined}
        value={email}
        onChange={setEmail}
        error={errors.email}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="New to Intake: choose one. Already have an account: its password."
        value={password}
        onChange={setPassword}
        error={errors.password}
      />
      {accept.isError && <ErrorPanel error={accept.error} />}
      <Button type="submit" loading={accept.isPending} className="w-full">
        Join {invite.workspaceName}
      </Button>
    </form>
  );
}
