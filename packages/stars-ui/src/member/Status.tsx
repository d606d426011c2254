import { errorCode } from '@zhanqian/ui/trpc';
import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

/** A failed query on the phone: 403 for refusals, the server's message and a retry for the rest. */
export function PhoneError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const forbidden = errorCode(error) === 'FORBIDDEN';
  return (
    <div data-testid={forbidden ? 'forbidden' : 'error-state'} style={{ padding: '24px 16px' }}>
      <ErrorBlock
        status="default"
        title={forbidden ? t('stars.m.forbidden') : t('common.error')}
        description={
          forbidden ? t('stars.m.forbiddenText') : error instanceof Error ? error.message : String(error)
        }
      >
        {!forbidden && onRetry && (
          <Button color="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </ErrorBlock>
    </div>
  );
}
