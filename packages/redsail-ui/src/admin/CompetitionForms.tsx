import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { errorText, THIS_YEAR, useLang } from '../shared/session.ts';

interface CallForm {
  year: number;
  title: string;
  callText?: string;
  deadline: { format(f: string): string };
  maxPoints: number;
  first: number;
  second: number;
  third: number;
  judgeUserIds: number[];
}

/**
 * 发布评比: the year's call, its deadline, the most points a judge gives, the award plan (一等奖
 * to ranks 1–N₁, 二等奖 to N₂, 三等奖 to N₃; ties share a rank and so an award) and the judges.
 */
export function CallModal({
  open,
  onClose,
  onCalled,
}: {
  open: boolean;
  onClose: () => void;
  onCalled: (id: number) => void;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<CallForm>();
  const judges = useQuery({
    queryKey: ['redsail.judgeCandidates'],
    queryFn: () => api.redsail.competition.judgeCandidates.query(),
    enabled: open,
  });
  const save = useMutation({
    mutationFn: (v: CallForm) =>
      api.redsail.competition.announce.mutate({
        year: v.year,
        title: v.title,
        callText: v.callText ?? '',
        deadline: v.deadline.format('YYYY-MM-DD'),
        maxPoints: Math.round(v.maxPoints * 100),
        awardPlan: [
          { award: t('rs.cmp.first'), throughRank: v.first },
          { award: t('rs.cmp.second'), throughRank: v.second },
          { award: t('rs.cmp.third'), throughRank: v.third },
        ],
        judgeUserIds: v.judgeUserIds,
      }),
    onSuccess: (c) => {
      message.success(t('rs.cmp.called'));
      onCalled(c.id);
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Modal
      open={open}
      title={t('rs.cmp.call')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'rs-call-ok' } as Record<string, string>}
    >
      <Form<CallForm>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => save.mutate(v)}
        initialValues={{ year: THIS_YEAR, maxPoints: 100, first: 1, second: 3, third: 6, judgeUserIds: [] }}
        data-testid="rs-call-form"
      >
        <Space wrap>
          <Form.Item name="year" label={t('rs.home.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} data-testid="rs-call-year" />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('rs.cmp.deadline')}
            rules={[{ required: true, message: t('rs.required') }]}
          >
            <DatePicker data-testid="rs-call-deadline" />
          </Form.Item>
          <Form.Item name="maxPoints" label={t('rs.cmp.maxPoints')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} />
          </Form.Item>
        </Space>
        <Form.Item
          name="title"
          label={t('rs.cmp.name')}
          rules={[{ required: true, whitespace: true, message: t('rs.required') }]}
        >
          <Input maxLength={200} data-testid="rs-call-title" />
        </Form.Item>
        <Form.Item name="callText" label={t('rs.cmp.callText')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="first" label={t('rs.cmp.throughRank', { award: t('rs.cmp.first') })}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Form.Item name="second" label={t('rs.cmp.throughRank', { award: t('rs.cmp.second') })}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Form.Item name="third" label={t('rs.cmp.throughRank', { award: t('rs.cmp.third') })}>
            <InputNumber min={1} max={100} />
          </Form.Item>
        </Space>
        <Form.Item
          name="judgeUserIds"
          label={t('rs.cmp.judges')}
          rules={[{ required: true, type: 'array', min: 1, message: t('rs.cmp.judgesRequired') }]}
        >
          <Select
            mode="multiple"
            loading={judges.isPending}
            options={(judges.data ?? []).map((j) => ({
              value: j.userId,
              label: `${j.displayName}（${j.unitName}）`,
            }))}
            optionFilterProp="label"
            data-testid="rs-call-judges"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EntryForm {
  enterpriseId: number;
  title: string;
  summary?: string;
}

/** 报名参评: an enterprise's project entered in the open competition. */
export function EntryModal({
  open,
  competitionId,
  onClose,
  onEntered,
}: {
  open: boolean;
  competitionId: number;
  onClose: () => void;
  onEntered: () => void;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryForm>();
  const [q, setQ] = useState('');
  const candidates = useQuery({
    queryKey: ['redsail.enterprises', { q, page: 1, pageSize: 20, forEntry: true }],
    queryFn: () =>
      api.redsail.enterprises.list.query({ filter: { q: q || undefined }, page: 1, pageSize: 20 }),
    enabled: open,
    placeholderData: (prev) => prev,
  });
  const save = useMutation({
    mutationFn: (v: EntryForm) =>
      api.redsail.competition.enter.mutate({
        competitionId,
        enterpriseId: v.enterpriseId,
        title: v.title,
        summary: v.summary ?? '',
      }),
    onSuccess: () => {
      message.success(t('rs.cmp.entered'));
      onEntered();
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Modal
      open={open}
      title={t('rs.cmp.enter')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'rs-entry-ok' } as Record<string, string>}
    >
      <Form<EntryForm> form={form} layout="vertical" preserve={false} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="enterpriseId"
          label={t('rs.cp.enterprise')}
          rules={[{ required: true, message: t('rs.required') }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t('rs.ent.search')}
            options={(candidates.data?.rows ?? []).map((e) => ({ value: e.id, label: e.name }))}
            data-testid="rs-entry-enterprise"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('rs.cmp.entry')}
          rules={[{ required: true, whitespace: true, message: t('rs.required') }]}
        >
          <Input maxLength={200} data-testid="rs-entry-title" />
        </Form.Item>
        <Form.Item name="summary" label={t('rs.cmp.summary')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
