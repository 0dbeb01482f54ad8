import { useMutation } from '@tanstack/react-query';
import { FolderPlus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toAppError } from '../../lib/app-error';
import { fieldErrors } from '../../lib/field-errors';
import { queryClient, trpc } from '../../trpc';
import { ErrorPanel } from '../error-panel';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { TextField } from '../ui/text-field';

/** A workspace of one's own (its owner); the switcher in the header then offers it. */
export function NewWorkspaceForm() {
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      onSuccess: async () => {
        setName('');
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  const failure = create.error ? toAppError(create.error) : undefined;
  const errors = failure?.kind === 'business' ? fieldErrors(failure.issues) : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name });
  };

  return (
    <Card aria-labelledby="workspace-title">
      <CardHeader
        id="workspace-title"
        title="New workspace"
        description="Its datasets' rows, imports, uploads and webhooks are apart from every other."
      />
      <CardBody>
        <form
          noValidate
          onSubmit={submit}
          aria-label="New workspace"
          className="flex max-w-lg flex-wrap items-start gap-3"
        >
          <div className="min-w-48 flex-1">
            <TextField
              label="Name"
              maxLength={80}
              value={name}
              onChange={(v) => {
                setName(v);
                if (!create.isIdle) create.reset();
              }}
              error={errors.name}
            />
          </div>
          <Button type="submit" loading={create.isPending} className="mt-6">
            {!create.isPending && <FolderPlus aria-hidden="true" className="size-4" />}
            Create workspace
          </Button>
        </form>
        <div className="mt-4 max-w-lg empty:hidden">
          {create.isError && <ErrorPanel error={create.error} />}
          {create.isSuccess && (
            <Alert tone="success" title={`Workspace "${create.data.name}" created`}>
              Switch to it with the workspace menu at the top.
            </Alert>
          )}
        </div>
      </CardBody>
    </Card>
  );
}
