import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatPoints } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  InputNumber,
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../me.ts';
import {
  downloadBase64,
  fileToBase64,
  isBase,
  type Kind,
  type Rule,
  ruleText,
  type SchemeDef,
  useYear,
} from '../shared.ts';
import { ErrorState, PageHead } from './common.tsx';

const FULL = 100_000;

/** Today in Shanghai, 'YYYY-MM-DD' (the objection deadline must come after it). */
const shanghaiToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

interface Node {
  key: string;
  level: 'aspect' | 'item' | 'indicator';
  code: string;
  name: string;
  points: number;
  /** Children's base sum (aspects and items). */
  sum?: number;
  kind?: Kind;
  rule?: Rule;
  assessingUnit?: string;
  responsible?: string[];
  unit?: string;
  /** Index path into def.aspects[a].items[i].indicators[k]. */
  path: number[];
  children?: Node[];
}

type ImportError = { sheet: string; row: number; column: string; problem: string };

function treeOf(def: SchemeDef): Node[] {
  return def.aspects.map((a, ai) => {
    const items = a.items.map((it, wi): Node => {
      const inds = it.indicators.map(
        (ind, k): Node => ({
          key: `i:${ind.code}`,
          level: 'indicator',
          code: ind.code,
          name: ind.name,
          points: ind.points,
          kind: ind.rule.kind,
          rule: ind.rule,
          assessingUnit: ind.assessingUnit,
          responsible: ind.responsible,
          unit: ind.unit,
          path: [ai, wi, k],
        }),
      );
      return {
        key: `w:${it.code}`,
        level: 'item',
        code: it.code,
        name: it.name,
        points: it.points,
        sum: it.indicators.filter((i) => isBase(i.rule.kind)).reduce((s, i) => s + i.points, 0),
        path: [ai, wi],
        children: inds,
      };
    });
    return {
      key: `a:${a.code}`,
      level: 'aspect',
      code: a.code,
      name: a.name,
      points: a.points,
      sum: a.items.reduce((s, i) => s + i.points, 0),
      path: [ai],
      children: items,
    };
  });
}

/** Points of a node changed at `path` (a new def; the others untouched). */
function withPoints(def: SchemeDef, path: number[], points: number): SchemeDef {
  const next = structuredClone(def);
  const [a, w, k] = path as [number, number?, number?];
  if (w === undefined) next.aspects[a]!.points = points;
  else if (k === undefined) next.aspects[a]!.items[w]!.points = points;
  else next.aspects[a]!.items[w]!.indicators[k]!.points = points;
  return next;
}

/** 考核方案: the year's tree with points per node, a live sum check, xlsx export and import. */
export default function SchemePage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const yearState = useYear();
  const { year, years } = yearState;
  const me = useMe();
  const canManage = !!me.data?.permissions.includes('scoring.manage');
  const queryClient = useQueryClient();
  const scheme = useQuery({
    queryKey: ['scoring.scheme.get', year],
    queryFn: () => api.scoring.scheme.get.query({ year: year! }),
    enabled: year !== undefined,
  });
  // Assessing departments are named by code in the scheme; the org tree gives their names.
  const units = useQuery({
    queryKey: ['org.tree', 'depth1'],
    queryFn: () => api.org.tree.query({ depth: 1 }),
    enabled: !!me.data?.permissions.includes('org.read'),
    staleTime: 300_000,
  });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, u.name])), [units.data]);
  const [def, setDef] = useState<SchemeDef | null>(null);
  useEffect(() => setDef(scheme.data?.def ?? null), [scheme.data]);
  const [importErrors, setImportErrors] = useState<ImportError[] | null>(null);
  const [publishDate, setPublishDate] = useState<string | null>(null);
  // Shown under the deadline field: set when the office tries to publish without a valid date.
  const [publishError, setPublishError] = useState<string | null>(null);
  const editable = canManage && scheme.data?.scheme.status === 'draft';
  const dirty = !!def && !!scheme.data && JSON.stringify(def) !== JSON.stringify(scheme.data.def);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['scoring.scheme.get'] });
    void queryClient.invalidateQueries({ queryKey: ['scoring.scheme.years'] });
  };
  const onError = (e: unknown) => message.error(e instanceof Error ? e.message : String(e));
  const exportXlsx = useMutation({
    mutationFn: () => api.scoring.scheme.exportXlsx.query({ year: year! }),
    onSuccess: (f) => {
      downloadBase64(f.base64, f.fileName, f.mime);
      message.success(t('sc.scheme.exported', { name: f.fileName }));
    },
    onError,
  });
  const importXlsx = useMutation({
    mutationFn: async (file: File) =>
      api.scoring.scheme.importXlsx.mutate({ base64: await fileToBase64(file) }),
    onSuccess: (r) => {
      if (!r.ok) {
        setImportErrors(r.errors);
        return;
      }
      setImportErrors(null);
      message.success(t('sc.scheme.imported', { year: r.scheme.year }));
      refresh();
      if (r.scheme.year !== year) yearState.setYear(r.scheme.year);
    },
    onError,
  });
  const save = useMutation({
    mutationFn: () => api.scoring.scheme.save.mutate({ def: def! }),
    onSuccess: () => {
      message.success(t('sc.scheme.saved'));
      refresh();
    },
    onError,
  });
  const copy = useMutation({
    mutationFn: () => api.scoring.scheme.copy.mutate({ fromYear: year!, toYear: year! + 1 }),
    onSuccess: (row) => {
      message.success(t('sc.scheme.copied', { year: row.year }));
      refresh();
      yearState.setYear(row.year);
    },
    onError,
  });
  const setStatus = useMutation({
    mutationFn: (to: 'open' | 'closed' | 'published') =>
      to === 'published'
        ? api.scoring.scheme.setStatus.mutate({ year: year!, to, objectionUntil: publishDate! })
        : api.scoring.scheme.setStatus.mutate({ year: year!, to }),
    onSuccess: (row) => {
      message.success(t('sc.scheme.statusChanged', { status: t(`sc.scheme.status.${row.status}`) }));
      refresh();
    },
    onError,
  });

  const tree = useMemo(() => (def ? treeOf(def) : []), [def]);
  const totals = useMemo(() => {
    if (!def) return null;
    const inds = def.aspects.flatMap((a) => a.items.flatMap((i) => i.indicators));
    return {
      base: def.aspects.reduce((s, a) => s + a.points, 0),
      aspects: def.aspects.length,
      items: def.aspects.reduce((s, a) => s + a.items.length, 0),
      indicators: inds.length,
      bonus: inds.filter((i) => i.rule.kind === 'bonus').reduce((s, i) => s + i.points, 0),
      bonusCount: inds.filter((i) => i.rule.kind === 'bonus').length,
      veto: inds.filter((i) => i.rule.kind === 'veto').length,
      mismatches: tree.flatMap((a) => [a, ...(a.children ?? [])]).filter((n) => n.sum !== n.points).length,
    };
  }, [def, tree]);

  /** What is wrong with the objection deadline (the server checks the same). */
  const deadlineProblem = (date: string | null) => {
    if (!date) return t('sc.scheme.objectionUntilRequired');
    const today = shanghaiToday();
    return date > today ? null : t('sc.scheme.objectionUntilAfterToday', { today });
  };
  /** Publishing asks first: what becomes visible to whom, and until when objections are open. */
  const confirmPublish = () => {
    const problem = deadlineProblem(publishDate);
    setPublishError(problem);
    if (problem || !publishDate) return;
    modal.confirm({
      title: t('sc.scheme.publishConfirmTitle', { year }),
      width: 520,
      content: (
        <div data-testid="publish-confirm">
          <Typography.Paragraph>{t('sc.scheme.publishConfirmVisible')}</Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            {t('sc.scheme.publishConfirmWindow', { date: publishDate })}
          </Typography.Paragraph>
        </div>
      ),
      okText: t('sc.scheme.publishOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'publish-confirm-ok' },
      onOk: () => setStatus.mutateAsync('published'),
    });
  };

  if (years.isError) return <ErrorState error={years.error} onRetry={() => years.refetch()} />;
  const nextExists = years.data?.some((y) => y.year === (year ?? 0) + 1);
  const status = scheme.data?.scheme.status;

  const pointsCell = (n: Node) => {
    const editableNode = editable && !(n.kind && !isBase(n.kind) && n.kind === 'veto');
    if (!editableNode)
      return (
        <span data-testid={`points-${n.code}`}>
          {formatPoints(n.points)}
          {n.kind === 'bonus' && (
            <Typography.Text type="secondary"> {t('sc.scheme.capSuffix')}</Typography.Text>
          )}
        </span>
      );
    return (
      <InputNumber
        size="small"
        min={0}
        max={1000}
        step={0.5}
        precision={2}
        value={n.points / 100}
        onChange={(v) => def && setDef(withPoints(def, n.path, Math.round((v ?? 0) * 100)))}
        data-testid={`points-input-${n.code}`}
        style={{ width: 100 }}
      />
    );
  };

  return (
    <div>
      <PageHead
        title={t('sc.menu.scheme')}
        yearState={yearState}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              loading={exportXlsx.isPending}
              disabled={!scheme.data}
              onClick={() => exportXlsx.mutate()}
              data-testid="scheme-export"
            >
              {t('sc.scheme.export')}
            </Button>
            {canManage && (
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  importXlsx.mutate(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={importXlsx.isPending} data-testid="scheme-import">
                  {t('sc.scheme.import')}
                </Button>
              </Upload>
            )}
            {canManage && scheme.data && !nextExists && (
              <Popconfirm
                title={t('sc.scheme.copyConfirm', { year: (year ?? 0) + 1 })}
                onConfirm={() => copy.mutate()}
              >
                <Button loading={copy.isPending} data-testid="scheme-copy">
                  {t('sc.scheme.copy', { year: (year ?? 0) + 1 })}
                </Button>
              </Popconfirm>
            )}
          </>
        }
      />
      {importErrors && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setImportErrors(null)}
          style={{ marginBottom: 16 }}
          title={t('sc.scheme.importFailed', { count: importErrors.length })}
          description={
            <Table
              size="small"
              rowKey={(e) => `${e.sheet}|${e.row}|${e.column}|${e.problem}`}
              dataSource={importErrors}
              pagination={importErrors.length > 10 ? { pageSize: 10 } : false}
              data-testid="import-errors"
              columns={[
                {
                  title: t('sc.import.sheet'),
                  dataIndex: 'sheet',
                  width: 100,
                  render: (s: string) => s || '—',
                },
                { title: t('sc.import.row'), dataIndex: 'row', width: 70, render: (r: number) => r || '—' },
                {
                  title: t('sc.import.column'),
                  dataIndex: 'column',
                  width: 140,
                  render: (c: string) => c || '—',
                },
                { title: t('sc.import.problem'), dataIndex: 'problem' },
              ]}
            />
          }
        />
      )}
      {scheme.isError ? (
        <ErrorState error={scheme.error} onRetry={() => scheme.refetch()} />
      ) : !def || !totals || !scheme.data || year === undefined ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={8}>
              <Card data-testid="sum-check">
                <Statistic
                  title={t('sc.scheme.baseTotal')}
                  value={formatPoints(totals.base)}
                  formatter={(v) => v}
                  suffix={`/ ${formatPoints(FULL)}`}
                  styles={{ content: { color: totals.base === FULL ? '#389e0d' : '#cf1322' } }}
                  prefix={totals.base === FULL ? <CheckCircleFilled /> : <CloseCircleFilled />}
                />
                <Typography.Text
                  type={totals.base === FULL && totals.mismatches === 0 ? 'success' : 'danger'}
                >
                  {totals.base === FULL && totals.mismatches === 0
                    ? t('sc.scheme.balanced')
                    : t('sc.scheme.unbalanced', {
                        diff: formatPoints(totals.base - FULL),
                        count: totals.mismatches,
                      })}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card>
                <Statistic
                  title={t('sc.scheme.bonusCap')}
                  value={formatPoints(def.bonusCap)}
                  suffix={t('sc.pointsUnit')}
                />
                <Typography.Text type="secondary">
                  {t('sc.scheme.bonusItems', { count: totals.bonusCount, sum: formatPoints(totals.bonus) })}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card>
                <Statistic
                  styles={{ content: { fontSize: 20 } }}
                  title={t('sc.scheme.structure')}
                  value={t('sc.scheme.structureValue', {
                    aspects: totals.aspects,
                    items: totals.items,
                    indicators: totals.indicators,
                  })}
                />
                <Typography.Text type="secondary">
                  {t('sc.scheme.vetoCount', { count: totals.veto })}
                </Typography.Text>
              </Card>
            </Col>
          </Row>
          {scheme.data.problems.length > 0 && !dirty && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('sc.scheme.problems', { count: scheme.data.problems.length })}
              description={
                <ul style={{ margin: 0 }}>
                  {scheme.data.problems.slice(0, 10).map((p) => (
                    <li key={`${p.node}|${p.key}`}>
                      {t(`sc.problem.${p.key.replace('scoring.', '')}`, { ...p.params, node: p.node })}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <Card
            title={scheme.data.scheme.name}
            extra={
              <Space wrap>
                {editable && (
                  <>
                    <Button disabled={!dirty} onClick={() => setDef(scheme.data.def)}>
                      {t('sc.scheme.discard')}
                    </Button>
                    <Button
                      type="primary"
                      disabled={!dirty || totals.base !== FULL || totals.mismatches > 0}
                      loading={save.isPending}
                      onClick={() => save.mutate()}
                      data-testid="scheme-save"
                    >
                      {t('common.save')}
                    </Button>
                  </>
                )}
                {canManage && status === 'draft' && (
                  <Popconfirm title={t('sc.scheme.openConfirm')} onConfirm={() => setStatus.mutate('open')}>
                    <Button disabled={dirty} loading={setStatus.isPending}>
                      {t('sc.scheme.toOpen')}
                    </Button>
                  </Popconfirm>
                )}
                {canManage && status === 'open' && (
                  <Popconfirm
                    title={t('sc.scheme.closeConfirm')}
                    onConfirm={() => setStatus.mutate('closed')}
                  >
                    <Button loading={setStatus.isPending}>{t('sc.scheme.toClosed')}</Button>
                  </Popconfirm>
                )}
                {canManage && status === 'closed' && (
                  <Form layout="inline" component="div" data-testid="publish-form">
                    <Form.Item
                      label={t('sc.scheme.objectionUntil')}
                      htmlFor="objection-until"
                      required
                      validateStatus={publishError ? 'error' : undefined}
                      help={publishError ?? t('sc.scheme.objectionUntilHelp')}
                      style={{ marginInlineEnd: 8 }}
                    >
                      <DatePicker
                        id="objection-until"
                        data-testid="objection-until"
                        placeholder="YYYY-MM-DD"
                        onChange={(d) => {
                          const date = d ? d.format('YYYY-MM-DD') : null;
                          setPublishDate(date);
                          setPublishError(date ? deadlineProblem(date) : null);
                        }}
                      />
                    </Form.Item>
                    <Button
                      type="primary"
                      loading={setStatus.isPending}
                      onClick={confirmPublish}
                      data-testid="publish"
                    >
                      {t('sc.scheme.toPublished')}
                    </Button>
                  </Form>
                )}
                {status === 'published' && scheme.data.scheme.objection_until && (
                  <Tag>{t('sc.scheme.objectionUntilTag', { date: scheme.data.scheme.objection_until })}</Tag>
                )}
              </Space>
            }
          >
            {editable && (
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sc.scheme.editHint')} />
            )}
            <Table<Node>
              size="small"
              rowKey="key"
              dataSource={tree}
              pagination={false}
              scroll={{ x: 1400 }}
              data-testid="scheme-tree"
              expandable={{ defaultExpandedRowKeys: tree.map((a) => a.key) }}
              columns={[
                { title: t('sc.col.code'), dataIndex: 'code', width: 140 },
                {
                  title: t('sc.col.name'),
                  dataIndex: 'name',
                  width: 260,
                  render: (name: string, n) =>
                    n.level === 'indicator' ? name : <Typography.Text strong>{name}</Typography.Text>,
                },
                {
                  title: t('sc.col.kind'),
                  dataIndex: 'kind',
                  width: 80,
                  render: (k: Kind | undefined, n) =>
                    k ? (
                      <Tag
                        color={
                          k === 'bonus'
                            ? 'green'
                            : k === 'veto'
                              ? 'red'
                              : k === 'deduction'
                                ? 'orange'
                                : 'blue'
                        }
                      >
                        {t(`sc.kind.${k}`)}
                      </Tag>
                    ) : (
                      <Typography.Text type="secondary">{t(`sc.level.${n.level}`)}</Typography.Text>
                    ),
                },
                { title: t('sc.col.points'), width: 130, align: 'right', render: (_, n) => pointsCell(n) },
                {
                  title: t('sc.col.sumCheck'),
                  width: 170,
                  render: (_, n) =>
                    n.sum === undefined ? null : n.sum === n.points ? (
                      <Typography.Text type="success">
                        <CheckCircleFilled /> {formatPoints(n.sum)}
                      </Typography.Text>
                    ) : (
                      <Typography.Text type="danger" data-testid={`mismatch-${n.code}`}>
                        <CloseCircleFilled /> {formatPoints(n.sum)}（{n.sum > n.points ? '+' : ''}
                        {formatPoints(n.sum - n.points)}）
                      </Typography.Text>
                    ),
                },
                {
                  title: t('sc.col.rule'),
                  width: 200,
                  render: (_, n) =>
                    n.rule ? (
                      <Typography.Text type="secondary">{ruleText(n.rule, t, n.unit)}</Typography.Text>
                    ) : null,
                },
                {
                  title: t('sc.col.assessing'),
                  dataIndex: 'assessingUnit',
                  width: 120,
                  render: (code?: string) =>
                    code ? <span title={code}>{unitName.get(code) ?? code}</span> : null,
                },
                {
                  title: t('sc.col.responsible'),
                  dataIndex: 'responsible',
                  width: 200,
                  render: (r?: string[]) => r?.join('、'),
                },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
