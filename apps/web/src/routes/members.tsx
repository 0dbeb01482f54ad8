import type { Invite } from '@intake/schema';
import { useState } from 'react';
import { InviteForm } from '../components/members/invite-form';
import { MembersTable } from '../components/members/members-table';
import { PageHeader } from '../components/page-header';
import { SecretOncePanel } from '../components/secret-once-panel';
import { Alert } from '../components/ui/alert';
import { Card, CardBody, CardHeader } from '../components/ui/card';
import { useWhoAmI } from '../lib/auth/use-who-am-i';
import { formatDateTime } from '../lib/format';

/** Owners only (the server refuses others with 403; the link is hidden for them). */
export function MembersPage() {
  const who = useWhoAmI().data;
  const [invite, setInvite] = useState<Invite | null>(null);
  if (!who) return null;
  if (who.workspace.role !== 'owner') {
    return (
      <Alert tone="warning" title="Owners only">
        Only an owner of {who.workspace.name} can see and change its members.
      </Alert>
    );
  }
  return (
    <>
      <PageHeader title="Members" description={`People in ${who.workspace.name}.`} />
      <div className="space-y-6">
        <Card aria-labelledby="invite-title">
          <CardHeader
            id="invite-title"
            title="Invite someone"
            description="Creates a link to pass on yourself: Intake sends no email."
          />
          <CardBody className="space-y-4">
            {invite && (
              <SecretOncePanel
                title="Invite link created: copy it now"
                label="invite link"
                secret={invite.url}
                onDone={() => setInvite(null)}
              >
                Whoever opens it before {formatDateTime(invite.expiresAt)} joins as {invite.role}
                {invite.email ? ` (only ${invite.email})` : ''}.
              </SecretOncePanel>
            )}
            <InviteForm onCreated={setInvite} />
          </CardBody>
        </Card>
        <Card aria-labelledby="members-title">
          <CardHeader id="members-title" title="Members" />
          <MembersTable selfId={who.user.id} />
        </Card>
      </div>
    </>
  );
}
