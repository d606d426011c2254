import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonText } from '../shared/strings.ts';
import { errorMessage } from './ui.tsx';

const OFFICE_SOURCES = ['mass', 'organization', 'leader'] as const;
type OfficeSource = (typeof OFFICE_SOURCES)[number];

interface Values {
  vacancyId?: number;
  cadreId?: number;
  source: OfficeSource;
  reason: string;
  recommenderName?: string;
  recommenderTitle?: string;
  votesFor?: number;
  votesCast?: number;
}

/**
 * 登记推荐: records a mass, organization or leading cadre's recommendation. The recorder is on
 * record server-side; a leader's names the recommender and their post (谁推荐谁负责), a mass one
 * carries its tally. The eligibility is previewed before sending, and kept with its reasons either way.
 */
export function NominateButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState('');
  const vacancyId = Form.useWatch('vacancyId', form);
  const cadreId = Form.useWatch('cadreId', form);
  const source = Form.useWatch('source', form) ?? 'organization';
  const posts = useQuery({
    queryKey: ['cadres.nominations.posts', 'open'],
    queryFn: () => api.cadres.nominations.posts.query({ status: 'open' }),
    enabled: open,
  });
  const cadres = useQuery({
    queryKey: ['cadres.files.list', { q, pageSize: 20 }],
    queryFn: () => api.cadres.files.list.query({ q: q || undefined, pageSize: 20 }),
    enabled: open,
  });
  const preview = useQuery({
    queryKey: ['cadres.nominations.eligibility', cadreId, vacancyId],
    queryFn: () => api.cadres.nominations.eligibility.query({ cadreId: cadreId!, vacancyId: vacancyId! }),
    enabled: open && !!cadreId && !!vacancyId,
  });
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.cadres.nominations.create.mutate({
        vacancyId: v.vacancyId!,
        cadreId: v.cadreId!,
        source: v.source,
        reason: v.reason,
        recommenderName: v.recommenderName || undefined,
        recommenderTitle: v.recommenderTitle || undefined,
        votesFor: v.source === 'mass' ? v.votesFor : undefined,
        votesCast: v.source === 'mass' ? v.votesCast : undefined,
      }),
    onSuccess: async (r) => {
      if (r.eligibility.eligible) message.success(t('cadres.nom.recordedOk'));
      else
        message.warning(
          `${t('cadres.nom.recordedNo')}${r.eligibility.reasons.map((x) => reasonText(t, x)).join('；')}`,
          8,
        );
      setOpen(false);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['cadres.nominations.list'] });
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });

  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="nominate-open">
        {t('cadres.nom.create')}
      </Button>
      <Modal
        open={open}
        title={t('cadres.nom.create')}
        width={600}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: create.isPending, 'data-testid': 'nominate-ok' } as { loading: boolean }}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ source: 'organization' }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="vacancyId" label={t('cadres.nom.post')} rules={[{ required: true }]}>
            <Select
              loading={posts.isPending}
              options={(posts.data?.rows ?? []).map((p) => ({
                value: p.id,
                label: `${p.unit_name} · ${p.title}（${t(`cadres.rank.${p.rank}`)}）`,
              }))}
              data-testid="nominate-post-select"
            />
          </Form.Item>
          <Form.Item name="cadreId" label={t('cadres.nom.cadre')} rules={[{ required: true }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
              placeholder={t('cadres.nom.pickCadre')}
              loading={cadres.isFetching}
              options={(cadres.data?.rows ?? []).map((c) => ({
                value: c.id,
                label: `${c.name} · ${c.unitName} ${c.postTitle}（${t(`cadres.rank.${c.rank}`)}）`,
              }))}
              data-testid="nominate-cadre-select"
            />
          </Form.Item>
          {preview.data && (
            <Alert
              style={{ marginBottom: 16 }}
              type={preview.data.eligible ? 'success' : 'warning'}
              showIcon
              data-testid="nominate-preview"
              title={
                <Space wrap>
                  {preview.data.eligible ? t('cadres.nom.eligible') : t('cadres.nom.ineligible')}
                  {preview.data.promotionPriority && (
                    <Tag color="gold">{t('cadres.flag.promotionPriority')}</Tag>
                  )}
                </Space>
              }
              description={
                preview.data.reasons.length > 0 && (
                  <Flex vertical>
                    {preview.data.reasons.map((x) => (
                      <span key={x.code}>{reasonText(t, x)}</span>
                    ))}
                  </Flex>
                )
              }
            />
          )}
          <Form.Item name="source" label={t('cadres.nom.source')}>
            <Radio.Group
              optionType="button"
              options={OFFICE_SOURCES.map((s) => ({ value: s, label: t(`cadres.source.${s}`) }))}
            />
          </Form.Item>
          {source === 'mass' && (
            <Space>
              <Form.Item name="votesFor" label={t('cadres.nom.votesFor')} rules={[{ required: true }]}>
                <InputNumber min={0} />
              </Form.Item>
              <Form.Item name="votesCast" label={t('cadres.nom.votesCast')} rules={[{ required: true }]}>
                <InputNumber min={1} />
              </Form.Item>
            </Space>
          )}
          {source !== 'mass' && (
            <Space wrap>
              <Form.Item
                name="recommenderName"
                label={t('cadres.nom.recName')}
                rules={[{ required: source === 'leader' }]}
              >
                <Input maxLength={40} data-testid="nominate-rec-name" />
              </Form.Item>
              <Form.Item
                name="recommenderTitle"
                label={t('cadres.nom.recTitle')}
                rules={[{ required: source === 'leader' }]}
              >
                <Input maxLength={60} style={{ width: 260 }} data-testid="nominate-rec-title" />
              </Form.Item>
            </Space>
          )}
          <Form.Item
            name="reason"
            label={t('cadres.nom.reason')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="nominate-reason-admin" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
