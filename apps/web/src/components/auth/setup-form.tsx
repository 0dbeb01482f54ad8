import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { toAppError } from '../../lib/app-error';
import { enterApp } from '../../lib/auth/session-transitions';
import { fieldErrors } from '../../lib/field-errors';
import { trpc } from '../../trpc';
import { ErrorPanel } from '../error-panel';
import { Button } from '../ui/button';
import { TextField } from '../ui/text-field';

/**
 * The one-time setup of a new instance: its first account (an administrator) and workspace.
 * The server accepts it only while no account exists, so a second visitor cannot take over.
 */
export function SetupForm() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceName, setWorkspaceName] = useState('My workspace');
  const setup = useMutation(
    trpc.auth.setup.mutationOptions({ onSuccess: (who) => enterApp(who, '/') }),
  );
  const failure = setup.error ? toAppError(setup.error) : undefined;
  const errors = failure?.kind === 'business' ? fieldErrors(failure.issues) : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate({ email, password, workspaceName });
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Set up Intake" className="space-y-4">
      <TextField
        label="Your email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={setEmail}
        error={errors.email}
      />
      <TextField
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        required
        hint="A long passphrase is best; common passwords are refused."
        value={password}
        onChange={setPassword}
        error={errors.password}
      />
      <TextField
        label="Workspace name"
        required
        hint="Your datasets, imports and webhooks live in a workspace; you can invite people to it."
        value={workspaceName}
        onChange={setWorkspaceName}
        error={errors.workspaceName}
      />
      {setup.isError && <ErrorPanel error={setup.error} />}
      <Button type="submit" loading={setup.isPending} className="w-full">
        Create account
      </Button>
    </form>
  );
}
