import { DownloadOutlined, FileOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Modal, Result, Space, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadBlob, fetchEvidence } from '../shared.ts';

/** A link to an evidence file: opens a preview (images, PDF) with a download button. */
export function EvidenceLink({ id }: { id: string | null | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!id) return <Typography.Text type="secondary">{t('sc.evidence.none')}</Typography.Text>;
  return (
    <>
      <Button
        size="small"
        type="link"
        icon={<PaperClipOutlined />}
        onClick={() => setOpen(true)}
        data-testid="evidence-link"
      >
        {t('sc.evidence.view')}
      </Button>
      {open && <EvidenceModal id={id} onClose={() => setOpen(false)} />}
    </>
  );
}

function EvidenceModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const file = useQuery({
    queryKey: ['scoring.evidence', id],
    queryFn: () => fetchEvidence(id),
    staleTime: 300_000,
  });
  const url = useMemo(() => (file.data ? URL.createObjectURL(file.data.blob) : null), [file.data]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const mime = file.data?.mime ?? '';
  return (
    <Modal
      open
      onCancel={onClose}
      width={820}
      title={file.data?.name ?? t('sc.evidence.title')}
      footer={
        <Space>
          <Button onClick={onClose}>{t('sc.close')}</Button>
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            disabled={!file.data}
            onClick={() => file.data && downloadBlob(file.data.blob, file.data.name)}
            data-testid="evidence-download"
          >
            {t('sc.evidence.download')}
          </Button>
        </Space>
      }
    >
      <div data-testid="evidence-preview" style={{ minHeight: 200 }}>
        {file.isPending ? (
          <Spin />
        ) : file.isError ? (
          <Result status="error" title={t('common.error')} subTitle={file.error.message} />
        ) : !url ? (
          <Empty />
        ) : mime.startsWith('image/') ? (
          <img
            src={url}
            alt={file.data.name}
            style={{ maxWidth: '100%', maxHeight: 560, display: 'block', margin: '0 auto' }}
          />
        ) : mime === 'application/pdf' ? (
          <iframe src={url} title={file.data.name} style={{ width: '100%', height: 560, border: 0 }} />
        ) : (
          <Result
            icon={<FileOutlined />}
            title={file.data.name}
            subTitle={t('sc.evidence.noPreview', { size: Math.ceil(file.data.blob.size / 1024) })}
          />
        )}
      </div>
    </Modal>
  );
}
