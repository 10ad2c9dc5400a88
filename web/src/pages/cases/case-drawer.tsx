// One case in full: its kind, incident and confidentiality, the summary, successes, problems
// and lessons (where a search matched, marked), the attachments (pictures shown, documents to
// download), the video links and every version of its text. The office edits it (a new
// version), attaches files and withdraws it here. All text is shown as text, never as HTML.
import {
  DownloadOutlined,
  EditOutlined,
  FileOutlined,
  PaperClipOutlined,
  PlaySquareOutlined,
  StopOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Collapse,
  Descriptions,
  Drawer,
  Input,
  Modal,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { caseAttachmentUrl, casesApi, type CaseContent, type CaseDetail } from '../../api/cases.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError, formatBytes, formatDate, formatTime } from '../../lib/format.ts';
import { markText, type Span } from '../../lib/highlight.tsx';
import { ConfidentialityTag, IncidentGradeTag } from '../incidents/incident-tags.tsx';
import { CaseAttachModal } from './case-attach-modal.tsx';
import { isImage } from './case-files.ts';
import { CaseFormModal } from './case-form.tsx';
import { KindTag } from './case-tags.tsx';

export function CaseDrawer({
  id,
  query,
  canWrite,
  onClose,
  onChanged,
}: {
  id: string;
  /** The search on screen: its matches are marked. */
  query: string | undefined;
  canWrite: boolean;
  onClose: () => void;
  /** The case changed (edited, withdrawn, a file added): the list reloads. */
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return casesApi.get(id, query, signal);
    },
    [id, query, version],
  );
  const detail = useApi(load);
  const changed = () => {
    setVersion((v) => v + 1);
    onChanged();
  };
  const c = detail.data?.id === id ? detail.data : undefined;

  return (
    <Drawer
      open
      size={760}
      onClose={onClose}
      title={c ? <span data-testid="case-drawer-title">{c.title}</span> : t('cases.detail')}
      data-testid="case-drawer"
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : null}
      {!c && detail.loading ? <Loading /> : null}
      {c ? <CaseBody c={c} canWrite={canWrite} onChanged={changed} /> : null}
    </Drawer>
  );
}

function CaseBody({
  c,
  canWrite,
  onChanged,
}: {
  c: CaseDetail;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState(false);
  const [attaching, setAttaching] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const marks = c.marks;
  const published = c.status === 'published';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="case-detail">
      <Space size={4} wrap>
        <KindTag kind={c.kind} />
        {c.incident ? <IncidentGradeTag grade={c.incident.grade} /> : null}
        {c.confidentiality ? <ConfidentialityTag level={c.confidentiality} /> : null}
        {c.tags.map((tag) => (
          <Tag key={tag} data-testid="case-tag">
            {tag}
          </Tag>
        ))}
      </Space>
      {canWrite && published ? (
        <Space wrap>
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="case-edit">
            {t('cases.edit')}
          </Button>
          <Button
            icon={<PaperClipOutlined />}
            onClick={() => setAttaching(true)}
            data-testid="case-attach"
          >
            {t('cases.attach')}
          </Button>
          <Button
            danger
            icon={<StopOutlined />}
            onClick={() => setWithdrawing(true)}
            data-testid="case-withdraw"
          >
            {t('cases.withdraw')}
          </Button>
        </Space>
      ) : null}
      {c.withdrawal ? (
        <Alert
          type="warning"
          showIcon
          title={t('cases.withdrawnBy', {
            name: c.withdrawal.by.name,
            at: formatTime(c.withdrawal.at, lang),
          })}
          description={c.withdrawal.reason}
          data-testid="case-withdrawn"
        />
      ) : null}
      {c.confidentiality_note ? (
        <Alert
          type="info"
          showIcon
          title={t('cases.confidentialityNote')}
          description={c.confidentiality_note}
          data-testid="case-confidentiality-note"
        />
      ) : null}
      {c.declassification ? (
        <Alert
          type="info"
          showIcon
          title={t('cases.declassifiedBy', {
            name: c.declassification.by.name,
            at: formatTime(c.declassification.at, lang),
          })}
          description={c.declassification.reason}
          data-testid="case-declassified"
        />
      ) : null}
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'incident',
            label: t('cases.incident'),
            children: c.incident ? (
              <Space orientation="vertical" size={0}>
                <Link
                  to={`/incidents/${encodeURIComponent(c.incident.id)}`}
                  data-testid="case-incident"
                >
                  {c.incident.title}
                </Link>
                <Typography.Text type="secondary">
                  {t('cases.incidentDates', {
                    opened: formatDate(c.incident.opened_at, lang),
                    terminated: c.incident.terminated_at
                      ? formatDate(c.incident.terminated_at, lang)
                      : '—',
                  })}
                </Typography.Text>
              </Space>
            ) : (
              t('cases.byHand')
            ),
          },
          {
            key: 'version',
            label: t('cases.version'),
            children: t('cases.versionLine', {
              version: c.version,
              name: c.updated_by.name,
              at: formatTime(c.updated_at, lang),
            }),
          },
          {
            key: 'created',
            label: t('cases.created'),
            children: `${c.created_by.name} · ${formatTime(c.created_at, lang)}`,
          },
        ]}
      />
      <Section title={t('cases.field.summary')} testId="case-summary">
        {c.summary ? (
          <Typography.Paragraph className="case-pre">
            {marked(c.summary, marks?.summary)}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{t('cases.none')}</Typography.Text>
        )}
      </Section>
      {(['successes', 'problems', 'lessons'] as const).map((f) => (
        <Section key={f} title={t(`cases.field.${f}`)} testId={`case-${f}`}>
          {c[f].length ? (
            <ol className="case-list">
              {c[f].map((item, i) => (
                <li key={i}>{marked(item, marks?.[f][i])}</li>
              ))}
            </ol>
          ) : (
            <Typography.Text type="secondary">{t('cases.none')}</Typography.Text>
          )}
        </Section>
      ))}
      <Section title={t('cases.attachments')} testId="case-attachments">
        {c.attachments.length ? (
          <div className="case-files">
            {c.attachments.map((a) => {
              const url = caseAttachmentUrl(c.id, a.id);
              return (
                <figure key={a.id} className="case-file" data-testid="case-attachment">
                  {isImage(a.type) ? (
                    <img src={url} alt={a.caption ?? a.name} className="case-file-thumb" />
                  ) : (
                    <FileOutlined className="case-file-icon" />
                  )}
                  <figcaption>
                    <a href={url} download={a.name} data-testid="case-attachment-link">
                      <DownloadOutlined /> {a.name}
                    </a>
                    <Typography.Text type="secondary" className="case-file-meta">
                      {formatBytes(a.size, lang)}
                      {a.caption ? ` · ${a.caption}` : ''}
                    </Typography.Text>
                  </figcaption>
                </figure>
              );
            })}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('cases.none')}</Typography.Text>
        )}
      </Section>
      <Section title={t('cases.field.videos')} testId="case-videos">
        {c.videos.length ? (
          <ul className="case-list">
            {c.videos.map((v, i) => (
              <li key={i}>
                <a href={v.url} target="_blank" rel="noopener noreferrer" data-testid="case-video">
                  <PlaySquareOutlined /> {v.title}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <Typography.Text type="secondary">{t('cases.none')}</Typography.Text>
        )}
      </Section>
      <Section title={t('cases.versions')} testId="case-versions">
        <Collapse
          size="small"
          items={c.versions.map((v) => ({
            key: String(v.version),
            label: (
              <span data-testid="case-version" data-version={v.version}>
                {t('cases.versionLine', {
                  version: v.version,
                  name: v.edited_by.name,
                  at: formatTime(v.edited_at, lang),
                })}
                {v.note ? ` · ${v.note}` : ''}
              </span>
            ),
            children: <VersionContent content={v.content} />,
          }))}
        />
      </Section>
      {editing ? (
        <CaseFormModal
          editing={c}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
        />
      ) : null}
      {attaching ? (
        <CaseAttachModal
          caseId={c.id}
          onCancel={() => setAttaching(false)}
          onDone={() => {
            setAttaching(false);
            onChanged();
          }}
        />
      ) : null}
      {withdrawing ? (
        <WithdrawModal
          c={c}
          onCancel={() => setWithdrawing(false)}
          onDone={() => {
            setWithdrawing(false);
            onChanged();
          }}
        />
      ) : null}
    </Space>
  );
}

function marked(text: string, spans: Span[] | undefined): ReactNode {
  return spans?.length ? markText(text, spans) : text;
}

function Section({
  title,
  testId,
  children,
}: {
  title: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <section className="case-section" data-testid={testId}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

/** An earlier (or the current) text of the case, as it read. */
function VersionContent({ content }: { content: CaseContent }) {
  const { t } = useI18n();
  const list = (items: string[]) =>
    items.length ? (
      <ol className="case-list">
        {items.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ol>
    ) : (
      <Typography.Text type="secondary">{t('cases.none')}</Typography.Text>
    );
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        { key: 'title', label: t('cases.field.title'), children: content.title },
        { key: 'kind', label: t('cases.field.kind'), children: t(`cases.kind.${content.kind}`) },
        { key: 'tags', label: t('cases.field.tags'), children: content.tags.join('、') || '—' },
        {
          key: 'summary',
          label: t('cases.field.summary'),
          children: <span className="case-pre">{content.summary || '—'}</span>,
        },
        { key: 'successes', label: t('cases.field.successes'), children: list(content.successes) },
        { key: 'problems', label: t('cases.field.problems'), children: list(content.problems) },
        { key: 'lessons', label: t('cases.field.lessons'), children: list(content.lessons) },
        {
          key: 'videos',
          label: t('cases.field.videos'),
          children: content.videos.map((v) => `${v.title} <${v.url}>`).join('；') || '—',
        },
      ]}
    />
  );
}

function WithdrawModal({
  c,
  onDone,
  onCancel,
}: {
  c: CaseDetail;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!reason.trim()) {
      setError(t('common.required'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await casesApi.withdraw(c.id, reason.trim());
      void message.success(t('cases.withdrawn'));
      onDone();
    } catch (e: unknown) {
      setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('cases.withdrawTitle', { title: c.title })}
      okText={t('cases.withdraw')}
      okButtonProps={{ danger: true, loading: saving, 'data-testid': 'case-withdraw-submit' }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cases.withdrawHelp')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Input.TextArea
        value={reason}
        maxLength={2000}
        autoSize={{ minRows: 2 }}
        placeholder={t('cases.withdrawReason')}
        onChange={(e) => setReason(e.target.value)}
        data-testid="case-withdraw-reason"
      />
    </Modal>
  );
}
