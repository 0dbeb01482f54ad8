import { type AuditAction, auditActions, type WorkspaceSummary } from '@intake/schema';
import { Field } from '../ui/field';
import { Input, Select } from '../ui/input';

export interface AuditFilter {
  action: AuditAction | '';
  actor: string;
  workspaceId: string;
}

export const noFilter: AuditFilter = { action: '', actor: '', workspaceId: '' };

/** Narrow the log by what happened, who did it (part of an email) and in which workspace. */
export function AuditFilters({
  value,
  workspaces,
  onChange,
}: {
  value: AuditFilter;
  workspaces: readonly WorkspaceSummary[];
  onChange: (next: AuditFilter) => void;
}) {
  return (
    <search aria-label="Filter the audit log" className="grid gap-4 sm:grid-cols-3">
      <Field label="Action">
        {({ id }) => (
          <Select
            id={id}
            value={value.action}
            onChange={(e) =>
              onChange({
                ...value,
                action: auditActions.find((a) => a === e.target.value) ?? '',
              })
            }
          >
            <option value="">All actions</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Actor">
        {({ id }) => (
          <Input
            id={id}
            type="search"
            placeholder="Part of an email"
            value={value.actor}
            onChange={(e) => onChange({ ...value, actor: e.target.value })}
          />
        )}
      </Field>
      <Field label="Workspace">
        {({ id }) => (
          <Select
            id={id}
            value={value.workspaceId}
            onChange={(e) => onChange({ ...value, workspaceId: e.target.value })}
          >
            <option value="">All workspaces</option>
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </search>
  );
}
