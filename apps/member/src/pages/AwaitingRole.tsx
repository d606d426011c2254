import { useQuery, useQueryClient } from '@tanstack/react-query';
import { addStrings } from '@zhanqian/ui/i18n';
import { api } from '@zhanqian/ui/trpc';
import { Button, Result } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { TopBar } from '../TopBar.tsx';

addStrings({
  'zh-CN': {
    'awaiting.title': '等待安全管理员授予角色',
    'awaiting.text':
      '您的账号已激活，但尚未授予角色，暂时不能使用党员手机端的功能。安全管理员授予角色后，请重新登录即可使用。',
    'awaiting.proposed': '拟定角色：{{role}}（{{unit}}）',
    'awaiting.check': '已授予？重新登录',
  },
  en: {
    'awaiting.title': 'Waiting for the security administrator to grant your role',
    'awaiting.text':
      'Your account is active but has no role yet, so the member app has nothing for you. Once the security administrator grants it, sign in again.',
    'awaiting.proposed': 'Proposed role: {{role}} ({{unit}})',
    'awaiting.check': 'Granted? Sign in again',
  },
});

/**
 * What an account activated before its role was granted sees (#14): not an empty portal but
 * where it stands. The grant ends its session; signing in again brings the role.
 */
export default function AwaitingRole() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: ['accounts.awaiting'], queryFn: () => api.accounts.awaiting.query() });
  const again = async () => {
    await api.auth.logout.mutate().catch(() => {});
    queryClient.clear();
    navigate('/login');
  };
  return (
    <>
      <TopBar style={{ background: '#c8161d', color: '#fff' }}>{t('app.titleMember')}</TopBar>
      <Result
        status="waiting"
        title={t('awaiting.title')}
        description={
          <>
            <div>{t('awaiting.text')}</div>
            {state.data?.proposedRole && (
              <div style={{ marginTop: 8 }} data-testid="awaiting-proposed">
                {t('awaiting.proposed', {
                  role: t(`role.${state.data.proposedRole}`),
                  unit: state.data.unitName,
                })}
              </div>
            )}
          </>
        }
      />
      <div style={{ padding: 16 }}>
        <Button block color="primary" onClick={again} data-testid="awaiting-again">
          {t('awaiting.check')}
        </Button>
      </div>
    </>
  );
}
