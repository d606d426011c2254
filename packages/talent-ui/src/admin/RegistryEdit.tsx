import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import {
  Alert,
  App,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { errorText, useLang } from '../shared/session.ts';
import { saveBase64 } from './FundPage.tsx';

export type RegistryKind = 'talents' | 'tiers' | 'catalogue';
type Via = 'public_selection' | 'introduction' | 'local';
const VIAS: Via[] = ['public_selection', 'introduction', 'local'];

type Talent = Awaited<ReturnType<typeof api.talent.registry.get.query>>['talent'];
type Tier = Awaited<ReturnType<typeof api.talent.registry.tiers.query>>[number];
type CatalogueField = Awaited<ReturnType<typeof api.talent.registry.catalogue.query>>['fields'][number];
type ImportError = { sheet: string; row: number; column: string; problem: string };
type Counts = { new: number; changed: number; unchanged: number };

/** Query keys the registry screens read, refreshed after any registry write. */
export function useRegistryRefresh() {
  const qc = useQueryClient();
  return () => {
    for (const key of [
      'talent.registry.list',
      'talent.registry.get',
      'talent.registry.tiers',
      'talent.registry.catalogue',
    ])
      void qc.invalidateQueries({ queryKey: [key] });
  };
}

/** yuan (two decimals) → fen, without float drift. */
const toFen = (yuan: number | null | undefined) => Math.round((yuan ?? 0) * 100);

const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** 新增 / 编辑人才: the registry record (the unit keeping it is the caller's). */
export function TalentModal({
  open,
  talent,
  tiers,
  fields,
  onClose,
}: {
  open: boolean;
  /** Edit this talent; a new one when absent. */
  talent?: Talent | undefined;
  tiers: Tier[];
  fields: CatalogueField[];
  onClose: () => void;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const refresh = useRegistryRefresh();
  const [form] = Form.useForm();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (talent)
      form.setFieldsValue({
        name: talent.name,
        gender: talent.gender,
        birthDate: talent.birth_date ?? '',
        fieldCode: talent.field_code,
        fieldName: talent.field_name,
        employer: talent.employer,
        introducedOn: talent.introduced_on,
        introducedVia: talent.introduced_via,
        tierId: talent.tier_id,
      });
    else form.setFieldsValue({ gender: 'M', introducedVia: 'introduction' });
  }, [open, talent, form]);
  const save = useMutation({
    mutationFn: async (v: Record<string, string | number>) => {
      const input = {
        name: String(v.name).trim(),
        gender: v.gender as 'M' | 'F',
        birthDate: v.birthDate ? String(v.birthDate) : null,
        fieldCode: String(v.fieldCode).trim(),
        fieldName: String(v.fieldName).trim(),
        employer: String(v.employer).trim(),
        introducedOn: String(v.introducedOn),
        introducedVia: v.introducedVia as Via,
        tierId: Number(v.tierId),
      };
      return talent
        ? api.talent.registry.update.mutate({ id: talent.id, ...input })
        : api.talent.registry.create.mutate(input);
    },
    onSuccess: (r) => {
      message.success(t(talent ? 'tl.edit.saved' : 'tl.edit.created', { name: r.name }));
      refresh();
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const required = (label: string) => ({ required: true, message: t('tl.edit.required', { field: label }) });
  return (
    <Modal
      open={open}
      title={talent ? t('tl.edit.editTalent', { name: talent.name }) : t('tl.edit.newTalent')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'tl-talent-save' }}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="tl-talent-form">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('tl.reg.name')} rules={[required(t('tl.reg.name'))]}>
              <Input maxLength={50} data-testid="tl-f-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="gender" label={t('tl.reg.gender')} rules={[required(t('tl.reg.gender'))]}>
              <Radio.Group
                options={[
                  { value: 'M', label: t('tl.reg.gender.M') },
                  { value: 'F', label: t('tl.reg.gender.F') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="birthDate" label={t('tl.reg.birthDate')}>
              <Input type="date" data-testid="tl-f-birth" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="introducedOn"
              label={t('tl.reg.introducedOn')}
              rules={[required(t('tl.reg.introducedOn'))]}
            >
              <Input type="date" data-testid="tl-f-introduced" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label={t('tl.edit.fromCatalogue')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('tl.edit.fromCataloguePh')}
                options={fields.map((f) => ({
                  value: f.field_code,
                  label: `${f.field_name}（${f.field_code}）`,
                }))}
                onChange={(code) => {
                  const f = fields.find((x) => x.field_code === code);
                  if (f) form.setFieldsValue({ fieldCode: f.field_code, fieldName: f.field_name });
                }}
                aria-label={t('tl.edit.fromCatalogue')}
                data-testid="tl-f-catalogue"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="fieldCode"
              label={t('tl.reg.fieldCode')}
              rules={[required(t('tl.reg.fieldCode'))]}
            >
              <Input maxLength={40} data-testid="tl-f-field-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="fieldName" label={t('tl.reg.field')} rules={[required(t('tl.reg.field'))]}>
              <Input maxLength={100} data-testid="tl-f-field-name" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="employer" label={t('tl.reg.employer')} rules={[required(t('tl.reg.employer'))]}>
              <Input maxLength={200} data-testid="tl-f-employer" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="introducedVia" label={t('tl.reg.via')} rules={[required(t('tl.reg.via'))]}>
              <Select
                options={VIAS.map((v) => ({ value: v, label: t(`tl.via.${v}`) }))}
                aria-label={t('tl.reg.via')}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tierId" label={t('tl.reg.tier')} rules={[required(t('tl.reg.tier'))]}>
              <Select
                options={tiers.map((x) => ({ value: x.id, label: x.name }))}
                aria-label={t('tl.reg.tier')}
                data-testid="tl-f-tier"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 新增 / 编辑人才层次: amounts typed in yuan, stored in fen. */
export function TierModal({
  open,
  tier,
  onClose,
}: {
  open: boolean;
  tier?: Tier | undefined;
  onClose: () => void;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const refresh = useRegistryRefresh();
  const [form] = Form.useForm();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (tier)
      form.setFieldsValue({
        code: tier.code,
        name: tier.name,
        rank: tier.rank,
        settling: Number(tier.settling_fen) / 100,
        housing: Number(tier.housing_fen) / 100,
      });
  }, [open, tier, form]);
  const save = useMutation({
    mutationFn: async (v: {
      code: string;
      name: string;
      rank: number;
      settling: number;
      housing: number;
    }) => {
      const amounts = { settlingFen: toFen(v.settling), housingFen: toFen(v.housing) };
      return tier
        ? api.talent.registry.updateTier.mutate({
            id: tier.id,
            name: v.name.trim(),
            rank: v.rank,
            ...amounts,
          })
        : api.talent.registry.createTier.mutate({
            code: v.code.trim(),
            name: v.name.trim(),
            rank: v.rank,
            ...amounts,
          });
    },
    onSuccess: (r) => {
      message.success(t('tl.edit.saved', { name: r.name }));
      refresh();
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const required = (label: string) => ({ required: true, message: t('tl.edit.required', { field: label }) });
  const yuanInput = (testId: string, label: string) => (
    <InputNumber
      min={0}
      max={100_000_000}
      precision={2}
      step={1000}
      style={{ width: '100%' }}
      suffix={t('tl.edit.yuan')}
      aria-label={label}
      data-testid={testId}
    />
  );
  return (
    <Modal
      open={open}
      title={tier ? t('tl.edit.editTier', { name: tier.name }) : t('tl.edit.newTier')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'tl-tier-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="code" label={t('tl.edit.tierCode')} rules={[required(t('tl.edit.tierCode'))]}>
              <Input maxLength={20} disabled={!!tier} data-testid="tl-tier-code" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('tl.edit.tierName')} rules={[required(t('tl.edit.tierName'))]}>
              <Input maxLength={50} data-testid="tl-tier-name" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="rank" label={t('tl.edit.rank')} rules={[required(t('tl.edit.rank'))]}>
              <InputNumber
                min={1}
                max={100}
                precision={0}
                style={{ width: '100%' }}
                aria-label={t('tl.edit.rank')}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="settling"
              label={t('tl.reg.settlingAmount')}
              rules={[required(t('tl.reg.settlingAmount'))]}
            >
              {yuanInput('tl-tier-settling', t('tl.reg.settlingAmount'))}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="housing"
              label={t('tl.reg.housingAmount')}
              rules={[required(t('tl.reg.housingAmount'))]}
            >
              {yuanInput('tl-tier-housing', t('tl.reg.housingAmount'))}
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text type="secondary">{t('tl.edit.tierHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}

/** 新增 / 编辑目录领域 of a year's catalogue (the code is the key: it is not edited). */
export function CatalogueModal({
  open,
  year,
  field,
  onClose,
}: {
  open: boolean;
  year: number;
  field?: CatalogueField | undefined;
  onClose: () => void;
}) {
  const { t } = useLang();
  const { message } = App.useApp();
  const refresh = useRegistryRefresh();
  const [form] = Form.useForm();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (field) form.setFieldsValue({ fieldCode: field.field_code, fieldName: field.field_name });
  }, [open, field, form]);
  const save = useMutation({
    mutationFn: async (v: { fieldCode: string; fieldName: string }) =>
      field
        ? api.talent.registry.updateCatalogueField.mutate({ id: field.id, fieldName: v.fieldName.trim() })
        : api.talent.registry.addCatalogueField.mutate({
            year,
            fieldCode: v.fieldCode.trim(),
            fieldName: v.fieldName.trim(),
          }),
    onSuccess: (r) => {
      message.success(t('tl.edit.saved', { name: r.field_name }));
      refresh();
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const required = (label: string) => ({ required: true, message: t('tl.edit.required', { field: label }) });
  return (
    <Modal
      open={open}
      title={field ? t('tl.edit.editField', { year }) : t('tl.edit.newField', { year })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'tl-field-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="fieldCode" label={t('tl.reg.fieldCode')} rules={[required(t('tl.reg.fieldCode'))]}>
          <Input maxLength={40} disabled={!!field} data-testid="tl-field-code" />
        </Form.Item>
        <Form.Item name="fieldName" label={t('tl.reg.field')} rules={[required(t('tl.reg.field'))]}>
          <Input maxLength={100} data-testid="tl-field-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 导出: the kind's workbook (the roll with the page's filters, a year's catalogue), Chinese file name. */
export function useRegistryExport() {
  const { t } = useLang();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: (input: Parameters<typeof api.talent.registry.export.mutate>[0]) =>
      api.talent.registry.export.mutate(input),
    onSuccess: (f) => {
      saveBase64(f.base64, f.filename, f.contentType);
      message.success(t('tl.fund.exported', { name: f.filename }));
    },
    onError: (e) => message.error(errorText(e)),
  });
}

/**
 * 导入: download the template, drop a filled workbook, read the dry run (counts of new /
 * changed / unchanged rows, or every problem by row and column), then confirm the import.
 */
export function ImportModal({ kind, onClose }: { kind: RegistryKind | null; onClose: () => void }) {
  const { t } = useLang();
  const { message, modal } = App.useApp();
  const refresh = useRegistryRefresh();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [check, setCheck] = useState<
    { ok: true; counts: Counts } | { ok: false; errors: ImportError[] } | null
  >(null);
  useEffect(() => {
    setFile(null);
    setCheck(null);
  }, [kind]);
  const template = useQuery({
    queryKey: ['talent.registry.template', kind],
    queryFn: () => api.talent.registry.template.query({ kind: kind! }),
    enabled: false,
  });
  const dryRun = useMutation({
    mutationFn: (f: { name: string; base64: string }) =>
      api.talent.registry.dryRun.mutate({ kind: kind!, base64: f.base64 }),
    onSuccess: (r) => setCheck(r.ok ? { ok: true, counts: r.counts } : { ok: false, errors: r.errors }),
    onError: (e) => message.error(errorText(e)),
  });
  const run = useMutation({
    mutationFn: () => api.talent.registry.import.mutate({ kind: kind!, base64: file!.base64 }),
    onSuccess: (r) => {
      if (!r.ok) {
        setCheck({ ok: false, errors: r.errors });
        return;
      }
      message.success(t('tl.imp.done', { ...r.counts }));
      refresh();
      onClose();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const downloadTemplate = async () => {
    const r = await template.refetch();
    if (r.data) saveBase64(r.data.base64, r.data.filename, r.data.contentType);
    else if (r.error) message.error(errorText(r.error));
  };
  const counts = check?.ok ? check.counts : null;
  return (
    <Modal
      open={kind !== null}
      title={kind ? t('tl.imp.title', { what: t(`tl.imp.kind.${kind}`) }) : ''}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            disabled={!counts || counts.new + counts.changed === 0}
            loading={run.isPending}
            onClick={() =>
              modal.confirm({
                title: t('tl.imp.confirmTitle'),
                content: t('tl.imp.confirmText', { ...counts }),
                onOk: () => run.mutateAsync().catch(() => {}),
              })
            }
            data-testid="tl-imp-run"
          >
            {t('tl.imp.run')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="tl-imp">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {kind && t(`tl.imp.help.${kind}`)}
        </Typography.Paragraph>
        <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="tl-imp-template">
          {t('tl.imp.template')}
        </Button>
        <Upload.Dragger
          accept=".xlsx"
          maxCount={1}
          showUploadList={false}
          beforeUpload={async (f) => {
            if (f.size > MAX_IMPORT_BYTES) {
              message.error(t('tl.imp.tooLarge', { mb: MAX_IMPORT_BYTES / 1048576 }));
              return Upload.LIST_IGNORE;
            }
            const picked = { name: f.name, base64: await fileToBase64(f) };
            setFile(picked);
            setCheck(null);
            dryRun.mutate(picked);
            return false;
          }}
          data-testid="tl-imp-drop"
        >
          <p>
            <UploadOutlined style={{ fontSize: 28, color: '#c8161d' }} />
          </p>
          <p>{file ? file.name : t('tl.imp.drop')}</p>
        </Upload.Dragger>
        {dryRun.isPending && <Typography.Text>{t('tl.imp.checking')}</Typography.Text>}
        {counts && (
          <Row gutter={16} data-testid="tl-imp-counts">
            {(['new', 'changed', 'unchanged'] as const).map((k) => (
              <Col span={8} key={k}>
                <Statistic
                  title={t(`tl.imp.count.${k}`)}
                  value={counts[k]}
                  data-testid={`tl-imp-count-${k}`}
                />
              </Col>
            ))}
          </Row>
        )}
        {counts && counts.new + counts.changed === 0 && (
          <Alert type="info" showIcon title={t('tl.imp.noChange')} />
        )}
        {check && !check.ok && (
          <>
            <Alert type="error" showIcon title={t('tl.imp.errors', { count: check.errors.length })} />
            <Table
              size="small"
              rowKey={(e) => `${e.row}-${e.column}-${e.problem}`}
              dataSource={check.errors}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              data-testid="tl-imp-errors"
              columns={[
                { title: t('tl.imp.row'), dataIndex: 'row', width: 70 },
                { title: t('tl.imp.column'), dataIndex: 'column', width: 150 },
                { title: t('tl.imp.problem'), dataIndex: 'problem' },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
