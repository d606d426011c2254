import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime, formatPercent } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHILD, type Level, thresholdPercent } from '../shared.ts';
import { ErrorState } from './Status.tsx';

/**
 * One entity's certification, explained (which criterion or which share failed, at which level),
 * and its ten criteria: ticked and saved by who may rate it, read-only for the rest.
 */
export function EntityPanel({
  year,
  level,
  id,
  criteriaNames,
  canRate,
  onRated,
}: {
  year: number;
  level: Level;
  id: number;
  criteriaNames: string[];
  canRate: boolean;
  onRated: () => Promise<void> | void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const explain = useQuery({
    // The explanation is worded by the server in the UI's language.
    queryKey: ['stars.explain', year, level, id, i18n.language],
    queryFn: () => api.stars.explain.query({ year, level, id }),
  });
  const [met, setMet] = useState<number[] | null>(null);
  useEffect(() => {
    if (explain.data) setMet(explain.data.criteria.filter((c) => c.met).map((c) => c.position));
  }, [explain.data]);
  const rate = useMutation({
    mutationFn: (positions: number[]) => api.stars.rate.mutate({ year, level, id, met: positions }),
    onSuccess: async () => {
      message.success(t('stars.rated'));
      await queryClient.invalidateQueries({ queryKey: ['stars.explain'] });
      await queryClient.invalidateQueries({ queryKey: ['stars.stats'] });
      await onRated();
    },
    onError: (e) => message.error(e.message),
  });

  if (explain.isError) return <ErrorState error={explain.error} onRetry={() => explain.refetch()} />;
  if (!explain.data || met === null)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  const e = explain.data;
  const child = CHILD[level];
  const noCriteria = e.criteria.every((c) => !c.name);
  const changed =
    met.length !== e.criteria.filter((c) => c.met).length ||
    e.criteria.some((c) => c.met !== met.includes(c.position));
  return (
    <Card
      data-testid="entity-panel"
      title={
        <Space>
          <span data-testid="entity-name">{e.entity.name}</span>
          <Tag>{t(`stars.level.${level}`)}</Tag>
        </Space>
      }
      extra={<Typography.Text type="secondary">{t('stars.starsN', { count: e.stars })}</Typography.Text>}
    >
      <Alert
        type={e.tenStar ? 'success' : e.tenStar === false ? 'warning' : 'info'}
        showIcon
        title={<span data-testid="explain-text">{e.text}</span>}
        style={{ marginBottom: 16 }}
      />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'own',
            label: t('stars.ownStars'),
            children: (
              <span style={{ color: e.stars === 10 ? '#d48806' : undefined }}>
                {'★'.repeat(e.stars)}
                <span style={{ color: '#d9d9d9' }}>{'★'.repeat(10 - e.stars)}</span> {e.stars}/10
              </span>
            ),
          },
          child
            ? {
                key: 'share',
                label: t('stars.childShare'),
                children: (
                  <span data-testid="child-share">
                    {t(`stars.tenLevel.${child}`)} {e.childrenTen}/{e.childrenTotal}（
                    {formatPercent(e.childrenTen, e.childrenTotal)}）
                  </span>
                ),
              }
            : null,
          {
            key: 'rule',
            label: t('stars.threshold'),
            children: child
              ? t('stars.thresholdText', {
                  percent: thresholdPercent(e.policy ?? { num: 4, den: 5 }),
                  child: t(`stars.plural.${child}`),
                })
              : t('stars.thresholdHousehold'),
          },
          e.snapshot
            ? {
                key: 'snap',
                label: t('stars.snapshot'),
                children: t('stars.snapshotText', {
                  revision: e.snapshot.revision,
                  at: formatDateTime(e.snapshot.computedAt),
                }),
              }
            : null,
        ].filter((x) => x !== null)}
      />
      {noCriteria && (
        <Alert
          type="warning"
          showIcon
          title={t('stars.set.noCriteria')}
          style={{ marginTop: 16 }}
          data-testid="no-criteria"
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('stars.criteria')}
      </Typography.Title>
      <Checkbox.Group
        value={met}
        onChange={(v) => setMet(v as number[])}
        disabled={!canRate}
        style={{ width: '100%' }}
      >
        <Row gutter={[8, 8]} style={{ width: '100%' }}>
          {e.criteria.map((c) => (
            <Col xs={12} md={8} key={c.position}>
              <Checkbox value={c.position} data-testid={`criterion-${c.position}`}>
                {c.position}. {c.name || criteriaNames[c.position - 1] || '—'}
                {!c.met && !noCriteria && (
                  <Tag color="warning" style={{ marginInlineStart: 4 }}>
                    {t('stars.criterionMissing')}
                  </Tag>
                )}
              </Checkbox>
            </Col>
          ))}
        </Row>
      </Checkbox.Group>
      <div style={{ marginTop: 16 }}>
        {canRate && !noCriteria ? (
          <Button
            type="primary"
            loading={rate.isPending}
            disabled={!changed}
            onClick={() => rate.mutate([...met].sort((a, b) => a - b))}
            data-testid="rate-save"
          >
            {t('stars.rate')}（{t('stars.starsN', { count: met.length })}）
          </Button>
        ) : noCriteria ? null : (
          <Typography.Text type="secondary">{t('stars.mayNotRate')}</Typography.Text>
        )}
      </div>
    </Card>
  );
}
