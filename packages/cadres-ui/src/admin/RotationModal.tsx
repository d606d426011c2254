import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { App, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './ui.tsx';

interface Values {
  kind: 'rotation' | 'exchange';
  toUnitId: number;
  toTitle: string;
  toIsKey: boolean;
  note: string;
}

/**
 * 登记轮岗交流 for a cadre of the due list: rotation within the unit or exchange to another; the
 * server moves the post in the history (same rank), so the cadre leaves the due list.
 */
export function RotationModal({
  cadre,
  onClose,
}: {
  cadre: { cadreId: number; name: string; orgUnitId: number; postTitle: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const units = useQuery({
    queryKey: ['org.tree', { depth: 1 }],
    queryFn: () => api.org.tree.query({ depth: 1 }),
    enabled: cadre !== null,
  });
  const record = useMutation({
    mutationFn: (v: Values) => api.cadres.rotation.record.mutate({ cadreId: cadre!.cadreId, ...v }),
    onSuccess: async () => {
      message.success(t('cadres.rot.recorded', { name: cadre?.name ?? '' }));
      onClose();
      await Promise.all(
        [
          'cadres.rotation.due',
          'cadres.rotation.list',
          'cadres.rotation.personTimes',
          'cadres.files.get',
        ].map((k) => queryClient.invalidateQueries({ queryKey: [k] })),
      );
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });
  return (
    <Modal
      open={cadre !== null}
      title={`${t('cadres.rot.record')} · ${cadre?.name ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: record.isPending, 'data-testid': 'rotation-ok' } as { loading: boolean }}
      destroyOnHidden
    >
      {cadre && (
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ kind: 'exchange', toUnitId: undefined, toTitle: '', toIsKey: false, note: '' }}
          onFinish={(v) => record.mutate(v)}
        >
          <Form.Item label={t('cadres.rot.from')}>{cadre.postTitle}</Form.Item>
          <Form.Item name="kind" label={t('cadres.rot.kind')}>
            <Radio.Group
              optionType="button"
              options={(['rotation', 'exchange'] as const).map((k) => ({
                value: k,
                label: t(`cadres.rotKind.${k}`),
              }))}
              onChange={(e) => {
                if (e.target.value === 'rotation') form.setFieldValue('toUnitId', cadre.orgUnitId);
              }}
            />
          </Form.Item>
          <Form.Item name="toUnitId" label={t('cadres.rot.toUnit')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={units.isPending}
              options={(units.data ?? [])
                .filter((u) => u.kind === 'street' || u.kind === 'department')
                .map((u) => ({ value: u.id, label: u.name }))}
              data-testid="rotation-unit"
            />
          </Form.Item>
          <Form.Item
            name="toTitle"
            label={t('cadres.rot.toTitle')}
            rules={[{ required: true, whitespace: true }, { max: 60 }]}
          >
            <Input maxLength={60} data-testid="rotation-title" />
          </Form.Item>
          <Form.Item name="toIsKey" label={t('cadres.f.keyPost')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="note" label={t('cadres.rot.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
