import { useQueryClient } from '@tanstack/react-query';
import { FILE_ACCEPT, FILE_MAX_BYTES, fetchFile, inlineFileUrl, uploadFile } from '@zhanqian/ui/files';
import { api } from '@zhanqian/ui/trpc';
import { Button, ErrorBlock, Popup, Selector, SpinLoading } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { errorText, useLang } from '../shared/session.ts';

type Kind = 'degree' | 'contract' | 'house' | 'other';
const KINDS: Kind[] = ['degree', 'contract', 'house', 'other'];
const OPEN = ['submitted', 'reviewed'];

export interface MemberAttachment {
  id: number;
  file_id: string;
  kind: Kind;
  name: string;
  mime: string;
  size: number;
}

/** The files of one of my applications: tap to preview (images, PDF); add more while it awaits a decision. */
export function MyAttachments({
  applicationId,
  subsidyKind,
  status,
  list,
  onNotice,
}: {
  applicationId: number;
  subsidyKind: string;
  status: string;
  list: MemberAttachment[];
  onNotice: (n: { ok: boolean; text: string }) => void;
}) {
  const { t } = useLang();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<Kind>(subsidyKind === 'housing' ? 'house' : 'degree');
  const [busy, setBusy] = useState(false);
  const [viewing, setViewing] = useState<MemberAttachment | null>(null);
  const editable = OPEN.includes(status);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > FILE_MAX_BYTES) {
      onNotice({ ok: false, text: t('tl.att.tooLarge') });
      return;
    }
    setBusy(true);
    try {
      const stored = await uploadFile(file);
      await api.talent.applications.attach.mutate({ applicationId, fileId: stored.id, kind });
      onNotice({ ok: true, text: t('tl.att.added', { name: stored.name }) });
      await qc.invalidateQueries({ queryKey: ['talent.applications.mine'] });
    } catch (e) {
      onNotice({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div style={{ marginTop: 8 }} data-testid={`tl-m-att-${applicationId}`}>
      <div style={{ fontSize: 13, color: '#333' }}>{t('tl.att.title')}</div>
      {list.length === 0 && <div style={{ fontSize: 12, color: '#666' }}>{t('tl.att.none')}</div>}
      {list.map((a) => (
        <button
          type="button"
          key={a.id}
          onClick={() => setViewing(a)}
          style={{
            display: 'block',
            background: 'none',
            border: 0,
            padding: '4px 0',
            color: '#1d4ed8',
            fontSize: 13,
            textAlign: 'left',
            overflowWrap: 'anywhere',
          }}
          data-testid="tl-m-att-item"
        >
          📎 {t(`tl.att.kind.${a.kind}`)}：{a.name}
        </button>
      ))}
      {editable && (
        <>
          <Selector
            columns={2}
            style={{ '--padding': '4px 6px', marginTop: 4 } as React.CSSProperties}
            options={KINDS.map((k) => ({ value: k, label: t(`tl.att.kind.${k}`) }))}
            value={[kind]}
            onChange={(v) => v[0] && setKind(v[0])}
          />
          <input
            ref={input}
            type="file"
            accept={FILE_ACCEPT}
            hidden
            aria-label={t('tl.att.upload')}
            onChange={(e) => void pick(e.target.files?.[0])}
            data-testid={`tl-m-att-input-${applicationId}`}
          />
          <Button
            size="small"
            fill="outline"
            color="primary"
            loading={busy}
            style={{ marginTop: 6 }}
            onClick={() => input.current?.click()}
          >
            {t('tl.att.upload')}
          </Button>
        </>
      )}
      <Popup
        visible={viewing !== null}
        onMaskClick={() => setViewing(null)}
        onClose={() => setViewing(null)}
        bodyStyle={{ height: '80vh', padding: 12, overflow: 'auto', boxSizing: 'border-box' }}
        destroyOnClose
      >
        {viewing && <Preview file={viewing} onClose={() => setViewing(null)} />}
      </Popup>
    </div>
  );
}

function Preview({ file, onClose }: { file: MemberAttachment; onClose: () => void }) {
  const { t } = useLang();
  const [state, setState] = useState<{ url: string; mime: string } | { error: string } | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    fetchFile(file.file_id).then(
      (f) => {
        url = URL.createObjectURL(f.blob);
        if (live) setState({ url, mime: f.mime });
      },
      (e) => live && setState({ error: errorText(e) }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [file.file_id]);
  return (
    <div data-testid="tl-m-att-preview">
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }}>
        <strong style={{ overflowWrap: 'anywhere' }}>{file.name}</strong>
        <Button size="mini" onClick={onClose}>
          {t('tl.att.close')}
        </Button>
      </div>
      {!state ? (
        <SpinLoading />
      ) : 'error' in state ? (
        <ErrorBlock status="default" title={t('common.error')} description={state.error} />
      ) : state.mime.startsWith('image/') ? (
        <img src={state.url} alt={file.name} style={{ maxWidth: '100%' }} />
      ) : state.mime === 'application/pdf' ? (
        // framed from the server (a blob: frame is refused by the CSP); phones whose browser
        // shows no PDF in a page open it with the link
        <>
          <iframe
            src={inlineFileUrl(file.file_id)}
            title={file.name}
            style={{ width: '100%', height: '65vh', border: 0 }}
          />
          <a
            href={inlineFileUrl(file.file_id)}
            target="_blank"
            rel="noopener"
            style={{ display: 'inline-block', padding: '10px 0', fontSize: 16 }}
          >
            {t('tl.att.openPdf')}
          </a>
        </>
      ) : (
        <a href={state.url} download={file.name}>
          {t('tl.att.download', { size: Math.ceil(file.size / 1024) })}
        </a>
      )}
    </div>
  );
}
