import { PlusOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../session.ts';
import { AccountsList } from './accounts/AccountsList.tsx';
import { BulkAccounts } from './accounts/BulkAccounts.tsx';
import { NewAccount } from './accounts/NewAccount.tsx';
import { type OneTimePassword, PasswordOnce } from './accounts/PasswordOnce.tsx';
import { PendingRoles } from './accounts/PendingRoles.tsx';
import './accounts/strings.ts';

/**
 * 用户管理 (issue #21, item 16), by 三员分立: the system administrator makes accounts (one on
 * screen, or in bulk from the roster), resets passwords and reissues activation codes; the
 * security administrator grants the proposed roles and unlocks; both see the accounts of their
 * scope with role, unit and state.
 */
export default function UsersPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const [creating, setCreating] = useState(false);
  const [password, setPassword] = useState<OneTimePassword | null>(null);
  const sys = can(me, 'user.manage');
  return (
    <>
      {sys && (
        <Space style={{ marginBottom: 16 }}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-account-open"
          >
            {t('usersx.new')}
          </Button>
        </Space>
      )}
      {can(me, 'security.manage') && <PendingRoles />}
      <AccountsList me={me} onPassword={setPassword} />
      {sys && (
        <div style={{ marginTop: 16 }}>
          <BulkAccounts />
        </div>
      )}
      <NewAccount
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(p) => {
          setCreating(false);
          setPassword(p);
        }}
      />
      <PasswordOnce value={password} onClose={() => setPassword(null)} />
    </>
  );
}
