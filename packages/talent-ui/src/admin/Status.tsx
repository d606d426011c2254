import { errorCode } from '@zhanqian/ui/trpc';
import { Button, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { can, useMe } from '../shared/session.ts';

export function Forbidden() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('common.forbidden')}
      subTitle={t('common.forbiddenText')}
      extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      data-testid="forbidden"
    />
  );
}

/** A failed query: 403 for the API's permission refusals, otherwise the message and a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (errorCode(error) === 'FORBIDDEN') return <Forbidden />;
  return (
    <Result
      status="error"
      title={t('common.error')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
      data-testid="error-state"
    />
  );
}

/** Renders the page only for users with one of the permissions; others get the 403 page. */
export function Guard({ perms, children }: { perms: string[]; children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Skeleton active />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!can(me.data, ...perms)) return <Forbidden />;
  return <>{children}</>;
}
