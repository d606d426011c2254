import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import './strings.ts';

/**
 * An account whose role the security administrator has not granted yet (#14): it signs in
 * (to replace its initial password, or after activation) and is told where it stands instead
 * of an empty portal. The grant ends its session; signing in again brings the role.
 */
export function AwaitingRole() {
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
    <Result
      status="info"
      title={t('usersx.awaitingTitle')}
      subTitle={
        <>
          <div>{t('usersx.awaitingText')}</div>
          {state.data?.proposedRole && (
            <div data-testid="awaiting-proposed">
              {t('usersx.awaitingProposed', {
                role: t(`role.${state.data.proposedRole}`),
                unit: state.data.unitName,
              })}
            </div>
          )}
        </>
      }
      extra={
        <Button type="primary" onClick={again} data-testid="awaiting-again">
          {t('usersx.awaitingAgain')}
        </Button>
      }
      data-testid="awaiting-role"
    />
  );
}
