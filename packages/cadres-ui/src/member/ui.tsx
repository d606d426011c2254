import { errorCode } from '@zhanqian/ui/trpc';
import { Button, ErrorBlock, Skeleton } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Loading, error (403 shown as such) and the data, the phone way. */
export function MobileState<T>({
  query,
  children,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: T | undefined;
    refetch: () => unknown;
  };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending)
    return (
      <div style={{ padding: 16 }}>
        <Skeleton.Title animated />
        <Skeleton.Paragraph lineCount={4} animated />
      </div>
    );
  if (query.isError) {
    const forbidden = errorCode(query.error) === 'FORBIDDEN';
    return (
      <ErrorBlock
        status="default"
        title={forbidden ? t('common.forbidden') : t('common.error')}
        description={
          forbidden ? t('common.forbiddenText') : query.error instanceof Error ? query.error.message : ''
        }
        data-testid={forbidden ? 'forbidden' : 'error-state'}
      >
        {!forbidden && (
          <Button size="small" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        )}
      </ErrorBlock>
    );
  }
  return <>{children(query.data as T)}</>;
}
