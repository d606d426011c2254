import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Alert, App, Button, Col, Modal, Row, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { errorText, fileToBase64, saveBase64, useLang } from '../shared/session.ts';

/** The request limit leaves room for base64's third more (1 MiB of JSON). */
const MAX_IMPORT_BYTES = 700 * 1024;

type Checked = Awaited<ReturnType<typeof api.redsail.enterprises.dryRun.mutate>>;

/**
 * 导入两新组织: the template, a dropped xlsx checked first (new / changed / unchanged, or every
 * problem by row and column), then imported after a confirmation — all rows or none.
 */
export function EnterpriseImport({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLang();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [check, setCheck] = useState<Checked | null>(null);
  useEffect(() => {
    if (!open) {
      setFile(null);
      setCheck(null);
    }
  }, [open]);
  const template = useQuery({
    queryKey: ['redsail.enterprises.template'],
    queryFn: () => api.redsail.enterprises.template.query(),
    enabled: false,
  });
  const dryRun = useMutation({
    mutationFn: (f: { name: string; base64: string }) =>
      api.redsail.enterprises.dryRun.mutate({ base64: f.base64 }),
    onSuccess: setCheck,
    onError: (e) => message.error(errorText(e)),
  });
  const run = useMutation({
    mutationFn: () => api.redsail.enterprises.import.mutate({ base64: file!.base64 }),
    onSuccess: (r) => {
      if (!r.ok) {
        setCheck(r);
        return;
      }
      message.success(t('rs.imp.done', { ...r.counts }));
      void qc.invalidateQueries({ queryKey: ['redsail.enterprises'] });
      void qc.invalidateQueries({ queryKey: ['redsail.overview'] });
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
  const errors = check && !check.ok ? check.errors : null;
  return (
    <Modal
      open={open}
      title={t('rs.imp.title')}
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
                title: t('rs.imp.confirmTitle'),
                content: t('rs.imp.confirmText', { ...counts }),
                onOk: () => run.mutateAsync().catch(() => {}),
              })
            }
            data-testid="rs-imp-run"
          >
            {t('rs.imp.run')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="rs-imp">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('rs.imp.help')}
        </Typography.Paragraph>
        <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="rs-imp-template">
          {t('rs.imp.template')}
        </Button>
        <Upload.Dragger
          accept=".xlsx"
          maxCount={1}
          showUploadList={false}
          beforeUpload={async (f) => {
            if (f.size > MAX_IMPORT_BYTES) {
              message.error(t('rs.imp.tooLarge', { kb: Math.round(MAX_IMPORT_BYTES / 1024) }));
              return Upload.LIST_IGNORE;
            }
            const picked = { name: f.name, base64: await fileToBase64(f) };
            setFile(picked);
            setCheck(null);
            dryRun.mutate(picked);
            return false;
          }}
          data-testid="rs-imp-drop"
        >
          <p>
            <UploadOutlined style={{ fontSize: 28, color: '#c8161d' }} />
          </p>
          <p>{file ? file.name : t('rs.imp.drop')}</p>
        </Upload.Dragger>
        {dryRun.isPending && <Typography.Text>{t('rs.imp.checking')}</Typography.Text>}
        {counts && (
          <Row gutter={16} data-testid="rs-imp-counts">
            {(['new', 'changed', 'unchanged'] as const).map((k) => (
              <Col span={8} key={k}>
                <Statistic
                  title={t(`rs.imp.count.${k}`)}
                  value={counts[k]}
                  data-testid={`rs-imp-count-${k}`}
                />
              </Col>
            ))}
          </Row>
        )}
        {counts && counts.new + counts.changed === 0 && (
          <Alert type="info" showIcon title={t('rs.imp.noChange')} />
        )}
        {errors && (
          <>
            <Alert type="error" showIcon title={t('rs.imp.errors', { count: errors.length })} />
            <Table
              size="small"
              rowKey={(e) => `${e.row}-${e.column}-${e.problem}`}
              dataSource={errors}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              data-testid="rs-imp-errors"
              columns={[
                { title: t('rs.imp.row'), dataIndex: 'row', width: 70 },
                { title: t('rs.imp.column'), dataIndex: 'column', width: 150 },
                { title: t('rs.imp.problem'), dataIndex: 'problem' },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
