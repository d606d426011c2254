import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Alert, Col, Collapse, Descriptions, Drawer, Row, Spin, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './strings.ts';

type Detail = Awaited<ReturnType<typeof api.audit.get.query>>;
type Change = Detail['changes'][number];

// Status colours: the console's theme gives them AA contrast (apps/admin/src/theme.ts); preset colours miss it.
const KIND_COLOR: Record<Change['kind'], string> = {
  changed: 'warning',
  added: 'success',
  removed: 'error',
  same: 'default',
};
const ROW_BACKGROUND: Record<Change['kind'], string | undefined> = {
  changed: '#fffbe6',
  added: '#f6ffed',
  removed: '#fff1f0',
  same: undefined,
};

export const resultColor = (r: string) => (r === 'ok' ? 'success' : r === 'denied' ? 'warning' : 'error');

/** One record: who, what, which object, the result, and its before and after compared. */
export function AuditDetail({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [onlyChanged, setOnlyChanged] = useState(true);
  const detail = useQuery({
    queryKey: ['audit.get', id],
    queryFn: () => api.audit.get.query({ id: id! }),
    enabled: id !== null,
  });
  const d = detail.data;
  const changes = (d?.changes ?? []).filter((c) => !onlyChanged || c.kind !== 'same');
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={760}
      title={id === null ? '' : t('auditx.detailTitle', { id })}
      destroyOnHidden
      data-testid="audit-detail"
    >
      {detail.isPending && <Spin />}
      {detail.isError && <Alert type="error" title={detail.error.message} />}
      {d && (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('audit.at')}>{formatDateTime(d.at)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.result')}>
              <Tag color={resultColor(d.result)}>{d.resultLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.actor')}>{d.actorLabel}</Descriptions.Item>
            <Descriptions.Item label={t('auditx.ip')}>{d.ip ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('audit.action')} span={2}>
              <Typography.Text strong>{d.actionLabel}</Typography.Text> <Tag>{d.categoryLabel}</Tag>
              <Typography.Text type="secondary" code>
                {d.action}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.object')} span={2}>
              {d.objectLabel}{' '}
              <Typography.Text type="secondary">
                （{d.objectType}
                {d.objectId ? ` #${d.objectId}` : ''}）
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('auditx.unit')} span={2}>
              {d.unitLabel ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('auditx.hash')} span={2}>
              <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {d.hash}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Row justify="space-between" align="middle" style={{ marginBottom: 8 }}>
            <Col>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('auditx.changes')}
              </Typography.Title>
            </Col>
            <Col>
              <Switch
                size="small"
                checked={onlyChanged}
                onChange={setOnlyChanged}
                aria-label={t('auditx.onlyChanged')}
              />{' '}
              {t('auditx.onlyChanged')}
            </Col>
          </Row>
          {d.changes.length === 0 ? (
            <Typography.Text type="secondary">{t('auditx.noPayload')}</Typography.Text>
          ) : (
            <Table
              size="small"
              rowKey="path"
              pagination={false}
              dataSource={changes}
              data-testid="audit-diff"
              onRow={(c) => ({ style: { background: ROW_BACKGROUND[c.kind] } })}
              columns={[
                {
                  title: t('auditx.field'),
                  dataIndex: 'label',
                  width: 180,
                  render: (label: string, c) => (
                    <>
                      <Tag color={KIND_COLOR[c.kind]}>{t(`auditx.kind.${c.kind}`)}</Tag>
                      {label}
                    </>
                  ),
                },
                {
                  title: t('auditx.before'),
                  dataIndex: 'before',
                  render: (v: string | null) =>
                    v === null ? '—' : <Typography.Text delete={false}>{v}</Typography.Text>,
                },
                {
                  title: t('auditx.after'),
                  dataIndex: 'after',
                  render: (v: string | null) =>
                    v === null ? '—' : <Typography.Text strong>{v}</Typography.Text>,
                },
              ]}
            />
          )}
          <Collapse
            style={{ marginTop: 16 }}
            size="small"
            items={[
              {
                key: 'raw',
                label: t('auditx.raw'),
                children: (
                  <Row gutter={8}>
                    {(['before', 'after'] as const).map((side) => (
                      <Col span={12} key={side}>
                        <Typography.Text type="secondary">{t(`auditx.${side}`)}</Typography.Text>
                        <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                          {d[side] === null ? '—' : JSON.stringify(d[side], null, 2)}
                        </pre>
                      </Col>
                    ))}
                  </Row>
                ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
