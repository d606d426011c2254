import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatYuan } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Skeleton,
  Space,
  Switch,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStarsStrings } from '../setup.ts';
import { LEVELS, type Level } from '../shared.ts';
import { ErrorState } from './Status.tsx';
import { useYear, YearSelect } from './YearSelect.tsx';

addStarsStrings();

type ConfigForm = {
  num: number;
  den: number;
  emptyPasses: boolean;
  household: number;
  member: number;
  branch: number;
  committee: number;
  budget: number;
};

const toFen = (yuan: number) => Math.round(yuan * 100);

/**
 * The year's ten criteria per level, the certification share, the 1 July amounts and budget
 * (saving recomputes the year in full), and a full recomputation: the district's to change, read-only
 * for the rest.
 */
export default function SettingsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useYear();
  const me = useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });
  const criteria = useQuery({
    queryKey: ['stars.criteria', year],
    queryFn: () => api.stars.criteria.query({ year }),
  });
  const config = useQuery({
    queryKey: ['stars.config', year],
    queryFn: () => api.stars.config.query({ year }),
    enabled: criteria.isSuccess,
  });
  const district = me.data?.role === 'district_admin' && me.data.permissions.includes('stars.manage');
  const [form] = Form.useForm<ConfigForm>();
  useEffect(() => {
    const c = config.data;
    if (c)
      form.setFieldsValue({
        num: c.policy.num,
        den: c.policy.den,
        emptyPasses: c.policy.emptyPasses,
        household: c.bonusFen.household / 100,
        member: c.bonusFen.member / 100,
        branch: c.bonusFen.branch / 100,
        committee: c.bonusFen.committee / 100,
        budget: c.budgetFen / 100,
      });
  }, [config.data, form]);
  const afterRecompute = async () => {
    for (const key of [
      'stars.config',
      'stars.stats',
      'stars.payList',
      'stars.explain',
      'stars.entities',
      'stars.trend',
    ])
      await queryClient.invalidateQueries({ queryKey: [key] });
  };
  const saveConfig = useMutation({
    mutationFn: (v: ConfigForm) =>
      api.stars.setConfig.mutate({
        year,
        policy: { num: v.num, den: v.den, emptyPasses: v.emptyPasses },
        bonusFen: {
          household: toFen(v.household),
          member: toFen(v.member),
          branch: toFen(v.branch),
          committee: toFen(v.committee),
        },
        budgetFen: toFen(v.budget),
      }),
    onSuccess: async (r) => {
      message.success(t('stars.set.saved', { revision: r.recomputed.revision }));
      await afterRecompute();
    },
    onError: (e) => message.error(e.message),
  });
  const recompute = useMutation({
    mutationFn: () => api.stars.recompute.mutate({ year }),
    onSuccess: async (r) => {
      message.success(t('stars.set.recomputed', { revision: r.revision }));
      await afterRecompute();
    },
    onError: (e) => message.error(e.message),
  });
  const initYear = useMutation({
    mutationFn: () => api.stars.initYear.mutate({ year }),
    onSuccess: async () => {
      message.success(t('stars.set.initialized'));
      await queryClient.invalidateQueries({ queryKey: ['stars.criteria'] });
    },
    onError: (e) => message.error(e.message),
  });

  if (criteria.isError) return <ErrorState error={criteria.error} onRetry={() => criteria.refetch()} />;
  if (config.isError) return <ErrorState error={config.error} onRetry={() => config.refetch()} />;
  const busy = saveConfig.isPending || recompute.isPending;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('stars.set.title')}
        </Typography.Title>
        <Space wrap>
          <YearSelect year={year} onChange={setYear} />
          {district && (
            <Button
              icon={<ReloadOutlined />}
              loading={recompute.isPending}
              disabled={busy}
              onClick={() => recompute.mutate()}
            >
              {t('stars.set.recompute')}
            </Button>
          )}
        </Space>
      </Space>
      {!district && <Alert type="info" showIcon title={t('stars.set.readOnly')} />}
      {busy && (
        <Alert type="warning" showIcon title={t('stars.set.recomputing')} data-testid="settings-busy" />
      )}
      <Card title={t('stars.set.config')}>
        {!config.data ? (
          <Skeleton active />
        ) : (
          <Form
            form={form}
            layout="vertical"
            disabled={!district || busy}
            onFinish={(v) => saveConfig.mutate(v)}
          >
            <Row gutter={16}>
              <Col xs={12} md={4}>
                <Form.Item name="num" label={t('stars.set.num')} rules={[{ required: true }]}>
                  <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="den" label={t('stars.set.den')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="emptyPasses" label={t('stars.set.emptyPasses')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              {LEVELS.map((l) => (
                <Col xs={12} md={6} key={l}>
                  <Form.Item
                    name={l}
                    label={t('stars.set.amount', { level: t(`stars.tenLevel.${l}`) })}
                    rules={[{ required: true }]}
                  >
                    <InputNumber
                      min={0}
                      precision={2}
                      prefix="¥"
                      style={{ width: '100%' }}
                      data-testid={`bonus-${l}`}
                    />
                  </Form.Item>
                </Col>
              ))}
              <Col xs={24} md={8}>
                <Form.Item
                  name="budget"
                  label={t('stars.set.budget')}
                  rules={[{ required: true }]}
                  extra={config.data && formatYuan(config.data.budgetFen, lang)}
                >
                  <InputNumber
                    min={0}
                    precision={2}
                    prefix="¥"
                    style={{ width: '100%' }}
                    data-testid="budget"
                  />
                </Form.Item>
              </Col>
            </Row>
            {district && (
              <Button
                type="primary"
                htmlType="submit"
                icon={<SaveOutlined />}
                loading={saveConfig.isPending}
                data-testid="config-save"
              >
                {t('stars.set.saveConfig')}
              </Button>
            )}
          </Form>
        )}
      </Card>
      <Card title={t('stars.criteria')}>
        {!criteria.data ? (
          <Skeleton active />
        ) : (
          <Tabs
            items={criteria.data.map((c) => ({
              key: c.level,
              label: t(`stars.level.${c.level}`),
              children: (
                <CriteriaEditor
                  year={year}
                  level={c.level}
                  criteria={c.criteria}
                  editable={!!district}
                  onInit={() => initYear.mutate()}
                  initializing={initYear.isPending}
                />
              ),
            }))}
          />
        )}
      </Card>
    </Space>
  );
}

function CriteriaEditor({
  year,
  level,
  criteria,
  editable,
  onInit,
  initializing,
}: {
  year: number;
  level: Level;
  criteria: { position: number; name: string; description: string | null }[];
  editable: boolean;
  onInit: () => void;
  initializing: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(criteria);
  useEffect(() => setRows(criteria), [criteria]);
  const save = useMutation({
    mutationFn: () =>
      api.stars.setCriteria.mutate({
        year,
        level,
        criteria: rows.map((r) => ({ name: r.name, description: r.description || null })),
      }),
    onSuccess: async () => {
      message.success(t('stars.set.criteriaSaved'));
      await queryClient.invalidateQueries({ queryKey: ['stars.criteria'] });
      await queryClient.invalidateQueries({ queryKey: ['stars.explain'] });
    },
    onError: (e) => message.error(e.message),
  });
  if (criteria.length === 0)
    return (
      <Empty description={t('stars.set.noCriteria')}>
        {editable && (
          <Button type="primary" loading={initializing} onClick={onInit}>
            {t('stars.set.init')}
          </Button>
        )}
      </Empty>
    );
  const set = (i: number, patch: Partial<(typeof rows)[number]>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      <Table
        rowKey="position"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '#', dataIndex: 'position', width: 48 },
          {
            title: t('stars.set.name'),
            dataIndex: 'name',
            width: 220,
            render: (v: string, r, i) =>
              editable ? (
                <Input
                  value={v}
                  maxLength={40}
                  aria-label={t('stars.set.nameOf', { n: r.position })}
                  onChange={(e) => set(i, { name: e.target.value })}
                />
              ) : (
                v
              ),
          },
          {
            title: t('stars.set.description'),
            dataIndex: 'description',
            render: (v: string | null, r, i) =>
              editable ? (
                <Input
                  value={v ?? ''}
                  maxLength={500}
                  aria-label={t('stars.set.descriptionOf', { n: r.position })}
                  onChange={(e) => set(i, { description: e.target.value })}
                />
              ) : (
                (v ?? '—')
              ),
          },
        ]}
      />
      {editable && (
        <Button
          type="primary"
          style={{ marginTop: 16 }}
          loading={save.isPending}
          disabled={rows.some((r) => !r.name.trim())}
          onClick={() => save.mutate()}
        >
          {t('stars.set.saveCriteria')}
        </Button>
      )}
    </>
  );
}
