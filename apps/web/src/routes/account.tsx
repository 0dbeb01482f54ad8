import { ApiTokensCard } from '../components/account/api-tokens-card';
import { ChangePasswordForm } from '../components/account/change-password-form';
import { NewWorkspaceForm } from '../components/account/new-workspace-form';
import { SessionsCard } from '../components/account/sessions-card';
import { PageHeader } from '../components/page-header';
import { useWhoAmI } from '../lib/auth/use-who-am-i';

export function AccountPage() {
  const who = useWhoAmI().data;
  return (
    <>
      <PageHeader title="Account" description={who?.user.email} />
      <div className="space-y-6">
        <ChangePasswordForm />
        <SessionsCard />
        <ApiTokensCard />
        <NewWorkspaceForm />
      </div>
    </>
  );
}
