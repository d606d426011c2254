import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BatchView } from './upload.ts';

type RowError = BatchView['errors'][number];

/** Every error of a file by sheet, row and column, ten to a page. */
export function ErrorsTable({ errors, testId }: { errors: RowError[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Table<RowError>
      size="small"
      rowKey={(e) => `${e.sheet}|${e.row}|${e.column}|${e.code}`}
      dataSource={errors}
      pagination={errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      scroll={{ x: 560 }}
      data-testid={testId}
      columns={[
        { title: t('imp.sheet'), dataIndex: 'sheet', width: 110, render: (s: string) => s || '—' },
        { title: t('imp.row'), dataIndex: 'row', width: 70, render: (r: number) => r || '—' },
        { title: t('imp.column'), dataIndex: 'column', width: 170, render: (c: string | null) => c || '—' },
        { title: t('imp.reason'), dataIndex: 'message' },
      ]}
    />
  );
}
