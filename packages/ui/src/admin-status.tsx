import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorCode } from './trpc.tsx';

/**
 * The admin console's status pages, shared by the shell and every domain's screens: the 403
 * page shown when the API refuses a page's data, and the state of any failed query.
 */
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

export function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
    />
  );
}

/** A failed query: the 403 page for permission refusals (the API's verdict), an empty state for NOT_FOUND, the server's message and a retry for the rest. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const code = errorCode(error);
  if (code === 'FORBIDDEN') return <Forbidden />;
  return (
    <Result
      status={code === 'NOT_FOUND' ? 'info' : 'error'}
      title={code === 'NOT_FOUND' ? t('common.empty') : t('common.error')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
      data-testid="error-state"
    />
  );
}
