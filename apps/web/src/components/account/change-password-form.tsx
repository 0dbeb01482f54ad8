import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { toAppError } from '../../lib/app-error';
import { fieldErrors } from '../../lib/field-errors';
import { trpc } from '../../trpc';
import { ErrorPanel } from '../error-panel';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { TextField } from '../ui/text-field';

export function ChangePasswordForm() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNew('');
      },
    }),
  );
  const failure = change.error ? toAppError(change.error) : undefined;
  const errors = failure?.kind === 'business' ? fieldErrors(failure.issues) : {};
  const edit = (set: (v: string) => void) => (value: string) => {
    set(value);
    if (!change.isIdle) change.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword });
  };

  return (
    <Card aria-labelledby="password-title">
      <CardHeader id="password-title" title="Password" />
      <CardBody>
        <form
          noValidate
          onSubmit={submit}
          aria-label="Change password"
          className="max-w-sm space-y-4"
        >
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={edit(setCurrent)}
            error={errors.currentPassword}
          />
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            hint="A long passphrase is best; common passwords are refused."
            value={newPassword}
            onChange={edit(setNew)}
            error={errors.newPassword}
          />
          {change.isError && <ErrorPanel error={change.error} />}
          {change.isSuccess && <Alert tone="success" title="Password changed" />}
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
