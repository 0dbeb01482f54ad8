import type { WhoAmI } from '@intake/schema';
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { toAppError } from '../../lib/app-error';
import { workspaceSwitched } from '../../lib/auth/session-transitions';
import { trpc } from '../../trpc';
import { Select } from '../ui/input';

/** The current workspace; a choice when the person belongs to several. */
export function WorkspaceSwitcher({ who }: { who: WhoAmI }) {
  const id = useId();
  const switching = useMutation(
    trpc.auth.switchWorkspace.mutationOptions({ onSuccess: workspaceSwitched }),
  );
  if (who.workspaces.length < 2) {
    return (
      <span className="truncate text-sm text-zinc-600" title="Workspace">
        {who.workspace.name}
      </span>
    );
  }
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Workspace
      </label>
      <Select
        id={id}
        className="h-8 w-auto max-w-48"
        value={who.workspace.id}
        disabled={switching.isPending}
        aria-describedby={switching.isError ? `${id}-error` : undefined}
        onChange={(e) => switching.mutate({ workspaceId: e.target.value })}
      >
        {who.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </Select>
      {switching.isError && (
        <span id={`${id}-error`} role="alert" className="text-xs text-red-600">
          {toAppError(switching.error).message}
        </span>
      )}
    </div>
  );
}
