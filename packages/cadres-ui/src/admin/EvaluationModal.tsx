import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { App, Button, Form, Input, InputNumber, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DIMENSIONS } from '../shared/strings.ts';
import { errorMessage } from './ui.tsx';

type Dim = (typeof DIMENSIONS)[number];
type Values = { year: number; rater: string } & Record<Dim, number>;

/** 录入“五有”评价: one rater's five scores (0–100) for a cadre and year; the year's weights combine them. */
export function EvaluationButton({ cadreId }: { cadreId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const record = useMutation({
    mutationFn: (v: Values) =>
      api.cadres.evaluations.record.mutate({
        cadreId,
        year: v.year,
        rater: v.rater,
        scores: Object.fromEntries(DIMENSIONS.map((d) => [d, Math.round(v[d] * 100)])) as Record<Dim, number>,
      }),
    onSuccess: async () => {
      message.success(t('cadres.camp.saved'));
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['cadres.files.get', cadreId] });
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="evaluation-open">
        {t('cadres.eval.record')}
      </Button>
      <Modal
        open={open}
        title={t('cadres.eval.record')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: record.isPending }}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            year: new Date().getFullYear(),
            rater: '',
            ...Object.fromEntries(DIMENSIONS.map((d) => [d, 80])),
          }}
          onFinish={(v) => record.mutate(v)}
        >
          <Space wrap align="start">
            <Form.Item name="year" label={t('cadres.rot.year')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Form.Item
              name="rater"
              label={t('cadres.detail.rater')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={40} placeholder={t('cadres.eval.raterPh')} style={{ width: 260 }} />
            </Form.Item>
          </Space>
          <Space wrap>
            {DIMENSIONS.map((d) => (
              <Form.Item key={d} name={d} label={t(`cadres.dim.${d}`)} rules={[{ required: true }]}>
                <InputNumber min={0} max={100} precision={2} style={{ width: 90 }} />
              </Form.Item>
            ))}
          </Space>
        </Form>
      </Modal>
    </>
  );
}
