import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { formatYuan } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStarsStrings } from '../setup.ts';
import { downloadBase64, LEVELS, type Level } from '../shared.ts';
import { ErrorState } from './Status.tsx';
import { useYear, YearSelect } from './YearSelect.tsx';

addStarsStrings();

/** The 1 July bonus: the allocation per level (the district's, or the area's share of it), the area's pay list, its xlsx. */
export default function PayListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const yuan = (fen: number) => formatYuan(fen, lang);
  const { message } = App.useApp();
  const [year, setYear] = useYear();
  const [level, setLevel] = useState<Level>('household');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useQuery({
    queryKey: ['stars.payList', year, level, page, pageSize],
    queryFn: () => api.stars.payList.query({ year, level, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const exporting = useMutation({
    mutationFn: () => api.stars.payListXlsx.query({ year }),
    onSuccess: (file) => {
      downloadBase64(file);
      message.success(t('stars.pay.exported', { name: file.filename }));
    },
    onError: (e) => message.error(e.message),
  });

  if (list.isError && !list.data) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const a = list.data?.allocation;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('stars.pay.title')}
        </Typography.Title>
        <Space wrap>
          <YearSelect
            year={year}
            onChange={(y) => {
              setYear(y);
              setPage(1);
            }}
          />
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            loading={exporting.isPending}
            onClick={() => exporting.mutate()}
            data-testid="pay-export"
          >
            {t('stars.pay.export')}
          </Button>
        </Space>
      </Space>
      {!a ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Card
          title={t(a.district ? 'stars.pay.allocation' : 'stars.pay.areaAllocation')}
          data-testid="pay-allocation"
        >
          <Row gutter={[16, 16]}>
            {(
              [
                ['budget', a.budgetFen],
                ['owed', a.owedFen],
                ['paid', a.paidFen],
                ['leftover', a.leftoverFen],
              ] as const
            )
              // the budget and what is left of it are the district's figures, not an area's
              .filter(([, v]) => v !== null)
              .map(([k, v]) => (
                <Col xs={12} md={6} key={k}>
                  <Statistic title={t(`stars.pay.${k}`)} value={yuan(v ?? 0)} />
                </Col>
              ))}
          </Row>
          <Alert
            style={{ margin: '16px 0' }}
            type={a.scaled ? 'warning' : 'success'}
            showIcon
            title={a.scaled ? t('stars.pay.scaled') : t('stars.pay.notScaled')}
          />
          <Table
            rowKey="level"
            size="small"
            pagination={false}
            dataSource={a.lines}
            scroll={{ x: 640 }}
            columns={[
              {
                title: t('stars.import.level'),
                dataIndex: 'level',
                render: (l: Level) => t(`stars.tenLevel.${l}`),
              },
              {
                title: t('stars.pay.payees'),
                dataIndex: 'payees',
                align: 'right',
                render: (n: number) => n.toLocaleString(),
              },
              { title: t('stars.pay.amount'), dataIndex: 'amountFen', align: 'right', render: yuan },
              { title: t('stars.pay.paidEach'), dataIndex: 'paidEachFen', align: 'right', render: yuan },
              { title: t('stars.pay.lineTotal'), dataIndex: 'totalFen', align: 'right', render: yuan },
            ]}
          />
        </Card>
      )}
      <Card title={t('stars.pay.list')}>
        {a && a.computed === false && (
          <Alert type="warning" showIcon title={t('stars.pay.notComputed')} style={{ marginBottom: 16 }} />
        )}
        <Tabs
          activeKey={level}
          onChange={(k) => {
            setLevel(k as Level);
            setPage(1);
          }}
          items={LEVELS.map((l) => ({ key: l, label: t(`stars.tenLevel.${l}`) }))}
        />
        {list.data && a && (
          <Typography.Paragraph data-testid="pay-subtotal">
            {t('stars.pay.subtotal', {
              count: list.data.total.toLocaleString(),
              level: t(`stars.tenLevel.${level}`),
              each: yuan(a.lines.find((l) => l.level === level)?.paidEachFen ?? 0),
              sum: yuan(list.data.total * (a.lines.find((l) => l.level === level)?.paidEachFen ?? 0)),
            })}
          </Typography.Paragraph>
        )}
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table
            rowKey="entityId"
            size="small"
            loading={list.isFetching}
            dataSource={list.data?.rows}
            data-testid="pay-table"
            scroll={{ x: 640 }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total,
              onChange: (p, s) => {
                setPage(p);
                setPageSize(s);
              },
              showTotal: (n) => t('common.total', { count: n }),
            }}
            columns={[
              { title: t('stars.pay.code'), dataIndex: 'code', width: 120 },
              { title: t('stars.pay.name'), dataIndex: 'name' },
              { title: t('stars.pay.place'), dataIndex: 'place' },
              { title: t('stars.pay.money'), dataIndex: 'paidFen', align: 'right', render: yuan },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
