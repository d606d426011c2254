import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS = { received: 'blue', assigned: 'gold', answered: 'green', closed: 'default' } as const;

/** A thread's status as a coloured tag, with 逾期 beside it when past its due date. */
export function StatusTag({ status, overdue }: { status: keyof typeof COLORS; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={COLORS[status]}>{t(`dl.status.${status}`)}</Tag>
      {overdue && <Tag color="red">{t('dl.overdue')}</Tag>}
    </>
  );
}
