import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RANKS } from '../shared/strings.ts';
import { errorMessage } from './ui.tsx';

const KINDS = ['public_selection', 'competitive', 'direct_election'] as const;
/** The backend's default stage weights per kind (percent), shown as the starting point. */
const DEFAULT_WEIGHTS: Record<(typeof KINDS)[number], [number, number, number]> = {
  public_selection: [40, 40, 20],
  competitive: [30, 40, 30],
  direct_election: [30, 30, 40],
};

interface Values {
  postMode: 'existing' | 'new';
  vacancyId?: number;
  orgUnitId?: number;
  postTitle?: string;
  rank?: (typeof RANKS)[number];
  isKey?: boolean;
  kind: (typeof KINDS)[number];
  title: string;
  slots: number;
  exam: number;
  interview: number;
  inspection: number;
  publicityDays: number;
}

/**
 * 发布选拔公告: a campaign for an open post (or a new post opened here), with its kind, slots,
 * stage weights (summing to 100%) and publicity length (at least 5 working days).
 */
export function NewCampaignButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const postMode = Form.useWatch('postMode', form) ?? 'existing';
  const w = [
    Form.useWatch('exam', form),
    Form.useWatch('interview', form),
    Form.useWatch('inspection', form),
  ];
  const sum = w.reduce((s: number, x) => s + (x ?? 0), 0);
  const posts = useQuery({
    queryKey: ['cadres.nominations.posts', 'open'],
    queryFn: () => api.cadres.nominations.posts.query({ status: 'open' }),
    enabled: open,
  });
  const units = useQuery({
    queryKey: ['org.tree', { depth: 1 }],
    queryFn: () => api.org.tree.query({ depth: 1 }),
    enabled: open && postMode === 'new',
  });
  const free = (posts.data?.rows ?? []).filter((p) => p.campaign_id === null);
  const create = useMutation({
    mutationFn: async (v: Values) => {
      let vacancyId = v.vacancyId;
      if (v.postMode === 'new') {
        const post = await api.cadres.nominations.createPost.mutate({
          orgUnitId: v.orgUnitId!,
          title: v.postTitle!,
          rank: v.rank!,
          isKey: !!v.isKey,
        });
        vacancyId = post.id;
      }
      return api.cadres.campaigns.create.mutate({
        vacancyId: vacancyId!,
        kind: v.kind,
        title: v.title,
        slots: v.slots,
        weights: {
          exam: Math.round(v.exam * 100),
          interview: Math.round(v.interview * 100),
          inspection: Math.round(v.inspection * 100),
        },
        publicityDays: v.publicityDays,
      });
    },
    onSuccess: async () => {
      message.success(t('cadres.camp.created'));
      setOpen(false);
      await Promise.all(
        ['cadres.campaigns.board', 'cadres.nominations.posts'].map((k) =>
          queryClient.invalidateQueries({ queryKey: [k] }),
        ),
      );
    },
    onError: async (e) => {
      message.error(errorMessage(e), 6);
      // a post opened before the campaign failed stays open: show it among the existing ones
      await queryClient.invalidateQueries({ queryKey: ['cadres.nominations.posts'] });
    },
  });
  const [e0, i0, s0] = DEFAULT_WEIGHTS.public_selection;
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="campaign-new">
        {t('cadres.camp.new')}
      </Button>
      <Modal
        open={open}
        title={t('cadres.camp.new')}
        width={640}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: create.isPending, disabled: sum !== 100 }}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            postMode: 'existing',
            kind: 'public_selection',
            slots: 1,
            exam: e0,
            interview: i0,
            inspection: s0,
            publicityDays: 5,
            rank: 'deputy_section',
          }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="postMode" label={t('cadres.camp.vacancy')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'existing', label: t('cadres.camp.postExisting') },
                { value: 'new', label: t('cadres.camp.postNew') },
              ]}
            />
          </Form.Item>
          {postMode === 'existing' ? (
            <Form.Item
              name="vacancyId"
              rules={[{ required: true }]}
              extra={t('cadres.camp.postExistingHelp')}
            >
              <Select
                loading={posts.isPending}
                options={free.map((p) => ({
                  value: p.id,
                  label: `${p.unit_name} · ${p.title}（${t(`cadres.rank.${p.rank}`)}）`,
                }))}
                notFoundContent={t('cadres.camp.noFreePost')}
              />
            </Form.Item>
          ) : (
            <Space wrap align="start">
              <Form.Item name="orgUnitId" label={t('cadres.f.unit')} rules={[{ required: true }]}>
                <Select
                  style={{ width: 160 }}
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={units.isPending}
                  options={(units.data ?? [])
                    .filter((u) => u.kind === 'street' || u.kind === 'department')
                    .map((u) => ({ value: u.id, label: u.name }))}
                />
              </Form.Item>
              <Form.Item
                name="postTitle"
                label={t('cadres.camp.postTitle')}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input maxLength={60} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name="rank" label={t('cadres.f.rank')} rules={[{ required: true }]}>
                <Select
                  style={{ width: 150 }}
                  options={RANKS.filter((r) => r !== 'staff').map((r) => ({
                    value: r,
                    label: t(`cadres.rank.${r}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="isKey" label={t('cadres.f.keyPost')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Space>
          )}
          <Divider style={{ margin: '4px 0 16px' }} />
          <Form.Item name="kind" label={t('cadres.camp.kind')}>
            <Radio.Group
              optionType="button"
              options={KINDS.map((k) => ({ value: k, label: t(`cadres.kind.${k}`) }))}
              onChange={(e) => {
                const [a, b, c] = DEFAULT_WEIGHTS[e.target.value as (typeof KINDS)[number]];
                form.setFieldsValue({ exam: a, interview: b, inspection: c });
              }}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('cadres.camp.titleLabel')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} data-testid="campaign-new-title" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="slots" label={t('cadres.camp.slotsLabel')}>
              <InputNumber min={1} max={50} />
            </Form.Item>
            {(['exam', 'interview', 'inspection'] as const).map((s) => (
              <Form.Item key={s} name={s} label={`${t(`cadres.camp.${s}`)} %`}>
                <InputNumber min={0} max={100} precision={2} />
              </Form.Item>
            ))}
            <Form.Item name="publicityDays" label={t('cadres.camp.publicityDays')}>
              <InputNumber min={5} max={30} />
            </Form.Item>
          </Space>
          {sum !== 100 && (
            <Alert type="error" showIcon title={t('cadres.camp.weightsSum', { sum: +sum.toFixed(2) })} />
          )}
        </Form>
      </Modal>
    </>
  );
}
