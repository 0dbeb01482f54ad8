import { useMutation } from '@tanstack/react-query';
import { LogIn } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toAppError } from '../../lib/app-error';
import { enterApp } from '../../lib/auth/session-transitions';
import { fieldErrors } from '../../lib/field-errors';
import { trpc } from '../../trpc';
import { ErrorPanel } from '../error-panel';
import { Button } from '../ui/button';
import { TextField } from '../ui/text-field';

/** Email and password; on success, the page the person was sent here from. */
export function SignInForm({ next }: { next: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({ onSuccess: (who) => enterApp(who, next) }),
  );
  const failure = signIn.error ? toAppError(signIn.error) : undefined;
  const errors = failure?.kind === 'business' ? fieldErrors(failure.issues) : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password });
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Sign in" className="space-y-4">
      <TextField
        label="Email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={setEmail}
        error={errors.email}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={setPassword}
        error={errors.password}
      />
      {signIn.isError && <ErrorPanel error={signIn.error} />}
      <Button type="submit" loading={signIn.isPending} className="w-full">
        {!signIn.isPending && <LogIn aria-hidden="true" className="size-4" />}
        Sign in
      </Button>
    </form>
  );
}
