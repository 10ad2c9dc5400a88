// 信息发布 (/publishing; /releases is the public page the server serves itself): the official
// statements, newest first, of every incident or of one (?incident=ID). Each shows its kind and
// status (已发布 / 已更正 / 已撤回, linked to the statements it corrects or that correct it), the
// approved words (title, body, Q&A, a clarification's claim, facts and source) with their
// content hash, its publication per channel (state, attempts, last error, where it appeared,
// the screenshot proving it), a share kit (text to copy, links, QR code) and its effect on the
// incident's events. The office sends a failed channel again and records proofs; everyone else
// reads. With an incident chosen: above the statements, the incident's release (its state and
// grade, the first statement's clock, its release plans with the one in force, its talking
// points' approval status), where the office submits, revises, publishes and withdraws with the
// incident page's own step forms when the server offers those steps; below, its talking
// points' versions and a diff of two of them.
import {
  ExportOutlined,
  LinkOutlined,
  ReloadOutlined,
  RollbackOutlined,
  ShareAltOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Empty,
  Select,
  Space,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { incidentsApi, type IncidentView } from '../api/incidents.ts';
import { useMe } from '../auth/auth-context.tsx';
import { LoadError, Loading } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { describeError, formatTime } from '../lib/format.ts';
import { nothingToPick, type ActionContext } from './incidents/action-forms.tsx';
import { ActionModal } from './incidents/action-modal.tsx';
import type { ActionValues } from './incidents/action-values.ts';
import { peopleOptions } from './incidents/people.ts';
import { EffectPanel } from './releases/effect-panel.tsx';
import {
  IncidentReleaseCard,
  RELEASE_STEPS,
  VERSIONS_ANCHOR,
  type ReleaseStep,
} from './releases/incident-release.tsx';
import { PublicationsTable } from './releases/publications-table.tsx';
import { ChannelTags, KindTag, ReleaseStatusTag } from './releases/release-tags.tsx';
import {
  PUBLIC_FEED_PATH,
  PUBLIC_LIST_PATH,
  publicPagePath,
  releasesApi,
  type ReleaseItem,
} from './releases/releases-api.ts';
import { ShareKitDrawer } from './releases/share-kit-drawer.tsx';
import { StatementContent } from './releases/statement-content.tsx';
import { PointsVersions } from './releases/versions-diff.tsx';
import './releases/releases.css';

/** While a channel is being sent by its adapter, the list is read again this often. */
const PENDING_POLL_MS = 5000;

/** A step's form, opened on one incident at the revision shown. */
interface Dialog {
  incidentId: string;
  type: ReleaseStep;
  preset: Partial<ActionValues>;
  revision: number;
}

/** The newer of two reads of the same incident (a step's answer, or a fresh read). */
function newest(a: IncidentView | undefined, b: IncidentView | null): IncidentView | undefined {
  if (!b) return a;
  if (!a) return b;
  return b.incident.revision > a.incident.revision ? b : a;
}

export function ReleasesPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const incidentId = params.get('incident');
  const isOffice =
    me.kind === 'user' && me.roles.includes('office') && me.scope.kind === 'province';
  const [sharing, setSharing] = useState<ReleaseItem | null>(null);

  const loadList = useCallback(
    (signal: AbortSignal) => releasesApi.list({ incidentId, signal }),
    [incidentId],
  );
  const list = useApi(loadList);
  const loadIncidents = useCallback(
    (signal: AbortSignal) => incidentsApi.list({ signal }).catch(() => ({ items: [] })),
    [],
  );
  const incidents = useApi(loadIncidents);
  const loadIncident = useCallback(
    (signal: AbortSignal) => incidentsApi.get(incidentId ?? '', signal),
    [incidentId],
  );
  const incident = useApi(incidentId ? loadIncident : null);
  // The step forms read the settings in force (emergency levels); only the office opens them.
  const loadSettings = useCallback((signal: AbortSignal) => incidentsApi.settings(signal), []);
  const settings = useApi(isOffice && incidentId ? loadSettings : null);
  const [answered, setAnswered] = useState<IncidentView | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // The chosen incident as last read or as a step answered it (never another incident's).
  const view = incidentId
    ? newest(
        incident.data?.incident.id === incidentId ? incident.data : undefined,
        answered?.incident.id === incidentId ? answered : null,
      )
    : undefined;

  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const titles = useMemo(
    () => new Map((incidents.data?.items ?? []).map((c) => [c.id, c.title] as const)),
    [incidents.data],
  );
  const byId = useMemo(() => new Map(items.map((r) => [r.id, r] as const)), [items]);

  // A channel being sent by its adapter settles in seconds: read again until none is.
  const pending = items.some((r) => r.publications.some((p) => p.status === 'pending'));
  const { reload } = list;
  useEffect(() => {
    if (!pending) return;
    const timer = window.setInterval(reload, PENDING_POLL_MS);
    return () => window.clearInterval(timer);
  }, [pending, reload]);

  // Arriving at one statement (#release-ID), it is scrolled to once the list is there.
  const hash = location.hash;
  const loaded = list.data !== undefined;
  useEffect(() => {
    if (!loaded || !hash.startsWith('#release-')) return;
    document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'start' });
  }, [loaded, hash]);

  const incidentOptions = useMemo(() => {
    const ids = new Set<string>(items.map((r) => r.incidentId));
    for (const c of incidents.data?.items ?? []) ids.add(c.id);
    if (incidentId) ids.add(incidentId);
    return [...ids].map((id) => ({ value: id, label: titles.get(id) ?? id }));
  }, [items, incidents.data, incidentId, titles]);

  const setIncident = (id: string | undefined) => setParams(id ? { incident: id } : {});

  // The release steps the server offers this reader now; the office's only (view.actions).
  const actions = new Set(view?.actions ?? []);
  const offered = new Set<ReleaseStep>(isOffice ? RELEASE_STEPS.filter((s) => actions.has(s)) : []);
  const ctx: ActionContext | null = view
    ? {
        view,
        me,
        units: [],
        settings: settings.data ?? null,
        people: peopleOptions(view, me),
      }
    : null;
  const offer = (type: ReleaseStep, preset: Partial<ActionValues> = {}) => {
    if (view)
      setDialog({ incidentId: view.incident.id, type, preset, revision: view.incident.revision });
  };
  const applied = (v: IncidentView) => {
    setDialog(null);
    setAnswered(v);
    incident.reload();
    list.reload();
  };
  const readAgain = async (): Promise<number | null> => {
    if (!incidentId) return null;
    try {
      const v = await incidentsApi.get(incidentId);
      setAnswered(v);
      return v.incident.revision;
    } catch (e: unknown) {
      void message.error(describeError(e, t));
      return null;
    }
  };
  const withdrawable = new Set(
    offered.has('withdraw_release')
      ? (view?.incident.releases ?? []).filter((r) => r.status !== 'withdrawn').map((r) => r.id)
      : [],
  );
  const incidentTitle = incidentId
    ? (view?.incident.title ?? titles.get(incidentId) ?? incidentId)
    : null;

  return (
    <div className="releases-page" data-testid="releases-page" data-office={isOffice}>
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('nav.releases')}
            </Typography.Title>
          </Space>
        }
        extra={
          <Space wrap>
            <a
              href={PUBLIC_LIST_PATH}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="releases-public"
            >
              <ExportOutlined /> {t('release.publicList')}
            </a>
            <a
              href={PUBLIC_FEED_PATH}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="releases-feed"
            >
              <WifiOutlined /> {t('release.feed')}
            </a>
            <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="releases-reload">
              {t('release.reload')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('release.pageHelp')}</Typography.Paragraph>
        <Space wrap>
          <Typography.Text>{t('release.filterIncident')}</Typography.Text>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={incidentId ?? undefined}
            onChange={(v: string | undefined) => setIncident(v)}
            options={incidentOptions}
            placeholder={t('release.allIncidents')}
            style={{ minWidth: 320 }}
            data-testid="releases-incident-filter"
          />
          {incidentId ? (
            <Link to={`/incidents/${encodeURIComponent(incidentId)}?tab=releases`}>
              <LinkOutlined /> {t('release.toIncident', { title: incidentTitle ?? '' })}
            </Link>
          ) : null}
        </Space>
      </Card>

      {view && ctx ? (
        <IncidentReleaseCard
          view={view}
          offered={offered}
          idle={(type) => nothingToPick(type, ctx)}
          onStep={offer}
          onReload={incident.reload}
        />
      ) : incidentId && !incident.error ? (
        <Card loading data-testid="incident-release-loading" />
      ) : null}

      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && !items.length ? (
        <Card>
          <Empty
            description={
              <Space orientation="vertical" size={4}>
                <span>{incidentId ? t('release.emptyIncident') : t('release.empty')}</span>
                <Typography.Text type="secondary">{t('release.emptyHow')}</Typography.Text>
                <Link
                  to={incidentId ? `/incidents/${encodeURIComponent(incidentId)}` : '/incidents'}
                >
                  {incidentId
                    ? t('release.toIncident', { title: incidentTitle ?? '' })
                    : t('nav.incidents')}
                </Link>
              </Space>
            }
            data-testid="releases-empty"
          />
        </Card>
      ) : null}
      {items.length ? (
        <div data-testid="releases-list" data-count={items.length}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {items.map((r) => (
              <StatementCard
                key={r.id}
                r={r}
                byId={byId}
                incidentTitle={titles.get(r.incidentId) ?? null}
                isOffice={isOffice}
                onShare={() => setSharing(r)}
                onChanged={list.reload}
                onWithdraw={
                  withdrawable.has(r.id)
                    ? () => offer('withdraw_release', { releaseId: r.id })
                    : undefined
                }
              />
            ))}
          </Space>
        </div>
      ) : null}

      {incidentId ? (
        <Card
          id={VERSIONS_ANCHOR}
          title={t('release.versions.title')}
          data-testid="versions-card"
          extra={
            <Button size="small" icon={<ReloadOutlined />} onClick={incident.reload}>
              {t('release.reload')}
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">{t('release.versions.help')}</Typography.Paragraph>
          {incident.error ? <LoadError error={incident.error} onRetry={incident.reload} /> : null}
          {!view && !incident.error ? <Loading /> : null}
          {view ? <PointsVersions view={view} /> : null}
        </Card>
      ) : null}

      {dialog && ctx && dialog.incidentId === incidentId ? (
        <ActionModal
          key={`${dialog.type}-${dialog.revision}`}
          type={dialog.type}
          ctx={ctx}
          revision={dialog.revision}
          preset={dialog.preset}
          onDone={applied}
          onCancel={() => setDialog(null)}
          onReload={readAgain}
        />
      ) : null}

      {sharing ? (
        <ShareKitDrawer
          releaseId={sharing.id}
          title={sharing.content.title}
          onClose={() => setSharing(null)}
        />
      ) : null}
    </div>
  );
}

function StatementCard({
  r,
  byId,
  incidentTitle,
  isOffice,
  onShare,
  onChanged,
  onWithdraw,
}: {
  r: ReleaseItem;
  byId: ReadonlyMap<string, ReleaseItem>;
  incidentTitle: string | null;
  isOffice: boolean;
  onShare: () => void;
  onChanged: () => void;
  /** Opens the withdrawal step (the office, when the server offers it). */
  onWithdraw?: (() => void) | undefined;
}) {
  const { t, lang } = useI18n();
  /** Another statement: on this page when listed here, else its public page. */
  const other = (id: string) => {
    const o = byId.get(id);
    return o ? (
      <a href={`#release-${id}`} data-testid="history-link">
        {o.content.title}
      </a>
    ) : (
      <a
        href={publicPagePath(id)}
        target="_blank"
        rel="noreferrer noopener"
        data-testid="history-link"
      >
        {id}
      </a>
    );
  };
  return (
    <Card
      id={`release-${r.id}`}
      data-testid="release-card"
      data-release-id={r.id}
      data-status={r.status}
      data-kind={r.content.kind}
      title={
        <Space wrap>
          <KindTag kind={r.content.kind} />
          <span data-testid="release-title">{r.content.title}</span>
          <ReleaseStatusTag status={r.status} />
        </Space>
      }
      extra={
        <Space wrap>
          {r.status !== 'withdrawn' ? (
            <Button
              size="small"
              icon={<ShareAltOutlined />}
              onClick={onShare}
              data-testid="release-share"
            >
              {t('release.share.open')}
            </Button>
          ) : null}
          <a
            href={publicPagePath(r.id)}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="release-public-link"
          >
            <ExportOutlined /> {t('release.publicPage')}
          </a>
          {onWithdraw ? (
            <Button
              size="small"
              danger
              icon={<RollbackOutlined />}
              onClick={onWithdraw}
              data-testid="release-card-withdraw"
            >
              {t('incident.action.withdraw_release')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {r.status === 'corrected' && r.correctedBy ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <span data-testid="release-corrected-by">
              {t('release.history.correctedByLabel')} {other(r.correctedBy)}
            </span>
          }
        />
      ) : null}
      {r.status === 'withdrawn' ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('release.history.withdrawnAt', { at: formatTime(r.withdrawnAt, lang) })}
          description={r.withdrawalReason}
          data-testid="release-withdrawal"
        />
      ) : null}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'incident',
            label: t('release.field.incident'),
            children: (
              <Link
                to={`/incidents/${encodeURIComponent(r.incidentId)}?tab=releases`}
                data-testid="release-incident"
              >
                {incidentTitle ?? `${r.incidentId.slice(0, 8)}…`}
              </Link>
            ),
          },
          {
            key: 'published',
            label: t('release.field.publishedAt'),
            children: formatTime(r.publishedAt, lang),
          },
          { key: 'unit', label: t('release.field.unit'), children: r.unitName },
          {
            key: 'channels',
            label: t('incident.field.channels'),
            children: <ChannelTags channels={r.channels} />,
          },
          ...(r.corrects
            ? [
                {
                  key: 'corrects',
                  label: t('release.field.corrects'),
                  children: <span data-testid="release-corrects">{other(r.corrects)}</span>,
                },
              ]
            : []),
          {
            key: 'hash',
            label: t('approval.contentHash'),
            span: 'filled' as const,
            children: (
              <Typography.Text
                code
                copyable={{ text: r.contentHash }}
                className="statement-hash"
                data-testid="release-hash"
                data-hash={r.contentHash}
              >
                {r.contentHash.slice(0, 16)}…
              </Typography.Text>
            ),
          },
        ]}
      />
      <div style={{ marginTop: 12 }}>
        <StatementContent content={r.content} />
      </div>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('release.publications')}
      </Typography.Title>
      <PublicationsTable
        publications={r.publications}
        title={r.content.title}
        isOffice={isOffice}
        onChanged={onChanged}
      />
      <Collapse
        size="small"
        style={{ marginTop: 16 }}
        items={[
          {
            key: 'effect',
            label: <span data-testid="release-effect-toggle">{t('release.effect.title')}</span>,
            children: <EffectPanel releaseId={r.id} />,
          },
        ]}
      />
    </Card>
  );
}
