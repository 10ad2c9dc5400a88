// 案例库 (/cases, [P17]): typical cases for learning, found by full-text search in Chinese
// (traditional or simplified; matched fragments marked) or listed newest first, filtered by
// tag, kind and the incident's grade; a drawer shows one case in full with its attachments,
// video links and versions. The office writes cases by hand or from an archived incident's
// approved review, edits, attaches and withdraws them. The search lives in the address.
import { BookOutlined, FileAddOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Result, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  casesApi,
  type CaseFilter,
  type CaseGrade,
  type CaseKind,
  type CaseListItem,
} from '../api/cases.ts';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { CursorPager, useCursorPaging } from '../components/cursor-pager.tsx';
import { LoadError, Loading } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDate } from '../lib/format.ts';
import { markText } from '../lib/highlight.tsx';
import { CaseDrawer } from './cases/case-drawer.tsx';
import { CASE_KINDS, CaseFormModal, useTagOptions } from './cases/case-form.tsx';
import { KindTag } from './cases/case-tags.tsx';
import { FromIncidentModal } from './cases/from-incident-modal.tsx';
import { ConfidentialityTag, IncidentGradeTag } from './incidents/incident-tags.tsx';
import './cases/cases.css';

const PAGE_SIZE = 20;
const GRADES: readonly CaseGrade[] = ['major', 'general'];
const CASE_PARAM = 'case';
const FILTER_PARAMS = ['q', 'tag', 'kind', 'grade', 'status'] as const;

function onlyFilter(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of FILTER_PARAMS) {
    const v = params.get(k);
    if (v !== null) out.set(k, v);
  }
  return out;
}

function filterFrom(params: URLSearchParams): CaseFilter {
  const get = (k: string) => params.get(k)?.trim() || undefined;
  const kind = get('kind');
  const grade = get('grade');
  return {
    q: get('q'),
    tag: get('tag'),
    kind: CASE_KINDS.find((k) => k === kind),
    grade: GRADES.find((g) => g === grade),
    status: get('status') === 'withdrawn' ? 'withdrawn' : undefined,
  };
}

export function CasesPage() {
  const { t } = useI18n();
  const me = useMe();
  if (!may(me, 'case.read')) {
    return (
      <Card data-testid="cases-page">
        <Result status="403" title={t('cases.title')} subTitle={t('cases.notForRole')} />
      </Card>
    );
  }
  return <CaseLibrary />;
}

function CaseLibrary() {
  const { t } = useI18n();
  const me = useMe();
  const canWrite = may(me, 'case.write');
  const [params, setParams] = useSearchParams();
  // The filter's part of the address, so the list reloads only when the filter changes.
  const filterKey = onlyFilter(params).toString();
  const filter = useMemo(() => filterFrom(new URLSearchParams(filterKey)), [filterKey]);
  const paging = useCursorPaging();
  const { cursor, reset } = paging;
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState<'hand' | 'incident' | null>(null);
  const [q, setQ] = useState(filter.q ?? '');
  const tagOptions = useTagOptions();

  // A new search starts again at the first page; the box shows the address's query.
  const shown = useRef(filterKey);
  useEffect(() => {
    setQ(filter.q ?? '');
    if (shown.current !== filterKey) {
      shown.current = filterKey;
      reset();
    }
  }, [filter, filterKey, reset]);

  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return casesApi.search({ ...filter, cursor, limit: PAGE_SIZE, signal });
    },
    [filter, cursor, version],
  );
  const results = useApi(load);

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        if (key !== CASE_PARAM) next.delete(CASE_PARAM);
        return next;
      },
      { replace: key === CASE_PARAM && !value },
    );
  const openId = params.get(CASE_PARAM);

  return (
    <Card
      className="cases-page"
      data-testid="cases-page"
      title={
        <span>
          <BookOutlined /> {t('cases.title')}
        </span>
      }
      extra={
        canWrite ? (
          <Space>
            <Button
              icon={<FileAddOutlined />}
              onClick={() => setCreating('incident')}
              data-testid="case-from-incident"
            >
              {t('cases.fromIncident.button')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating('hand')}
              data-testid="case-new"
            >
              {t('cases.new')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('cases.intro')}</Typography.Paragraph>
      <div className="cases-filters" role="search">
        <Input.Search
          className="cases-q"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => setParam('q', v.trim() || undefined)}
          allowClear
          enterButton={<SearchOutlined aria-label={t('cases.search')} />}
          placeholder={t('cases.searchPlaceholder')}
          maxLength={200}
          data-testid="cases-search"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'value' }}
          style={{ minWidth: 160 }}
          placeholder={t('cases.filter.tag')}
          value={filter.tag ?? null}
          options={tagOptions}
          onChange={(v: string | null) => setParam('tag', v ?? undefined)}
          data-testid="cases-tag-filter"
        />
        <Select
          allowClear
          style={{ minWidth: 120 }}
          placeholder={t('cases.filter.kind')}
          value={filter.kind ?? null}
          options={CASE_KINDS.map((k) => ({ value: k, label: t(`cases.kind.${k}`) }))}
          onChange={(v: CaseKind | null) => setParam('kind', v ?? undefined)}
          data-testid="cases-kind-filter"
        />
        <Select
          allowClear
          style={{ minWidth: 120 }}
          placeholder={t('cases.filter.grade')}
          value={filter.grade ?? null}
          options={GRADES.map((g) => ({ value: g, label: t(`incident.grade.${g}`) }))}
          onChange={(v: CaseGrade | null) => setParam('grade', v ?? undefined)}
          data-testid="cases-grade-filter"
        />
        {canWrite ? (
          <Select
            style={{ minWidth: 120 }}
            value={filter.status ?? 'published'}
            options={[
              { value: 'published', label: t('cases.status.published') },
              { value: 'withdrawn', label: t('cases.status.withdrawn') },
            ]}
            onChange={(v: string) => setParam('status', v === 'withdrawn' ? v : undefined)}
            data-testid="cases-status-filter"
          />
        ) : null}
      </div>
      {results.error ? <LoadError error={results.error} onRetry={results.reload} /> : null}
      {results.loading && !results.data ? <Loading /> : null}
      {results.data ? (
        <>
          {results.data.total !== null ? (
            <Typography.Text type="secondary" data-testid="cases-total">
              {t('cases.found', { n: results.data.total })}
            </Typography.Text>
          ) : null}
          {results.data.items.length ? (
            <ul className="case-results" data-testid="case-results">
              {results.data.items.map((c) => (
                <CaseResult key={c.id} c={c} onOpen={() => setParam(CASE_PARAM, c.id)} />
              ))}
            </ul>
          ) : (
            <Empty
              description={filter.q ? t('cases.noMatch') : t('cases.empty')}
              data-testid="cases-empty"
            />
          )}
          <CursorPager
            paging={paging}
            nextCursor={results.data.next_cursor}
            loading={results.loading}
          />
        </>
      ) : null}
      {openId ? (
        <CaseDrawer
          id={openId}
          query={filter.q}
          canWrite={canWrite}
          onClose={() => setParam(CASE_PARAM, undefined)}
          onChanged={() => setVersion((v) => v + 1)}
        />
      ) : null}
      {creating === 'hand' ? (
        <CaseFormModal
          editing={null}
          onCancel={() => setCreating(null)}
          onDone={(made) => {
            setCreating(null);
            setVersion((v) => v + 1);
            setParam(CASE_PARAM, made.id);
          }}
        />
      ) : null}
      {creating === 'incident' ? (
        <FromIncidentModal
          onCancel={() => setCreating(null)}
          onOpen={(id) => {
            setCreating(null);
            setParam(CASE_PARAM, id);
          }}
          onDone={(made) => {
            setCreating(null);
            setVersion((v) => v + 1);
            setParam(CASE_PARAM, made.id);
          }}
        />
      ) : null}
    </Card>
  );
}

function CaseResult({ c, onOpen }: { c: CaseListItem; onOpen: () => void }) {
  const { t, lang } = useI18n();
  return (
    <li
      className="case-result"
      role="button"
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen();
        }
      }}
      data-testid="case-result"
      data-case-id={c.id}
    >
      <div className="case-result-title" data-testid="case-result-title">
        {c.title_marks.length ? markText(c.title, c.title_marks) : c.title}
      </div>
      {c.snippet ? (
        <div className="case-result-snippet" data-testid="case-result-snippet">
          <Typography.Text type="secondary">
            {t(`cases.field.${c.snippet.field}`)}：
          </Typography.Text>
          {c.snippet.marks.length ? markText(c.snippet.text, c.snippet.marks) : c.snippet.text}
        </div>
      ) : null}
      <Space size={4} wrap className="case-result-meta">
        <KindTag kind={c.kind} />
        {c.incident ? <IncidentGradeTag grade={c.incident.grade} /> : null}
        {c.confidentiality && c.confidentiality !== 'open' ? (
          <ConfidentialityTag level={c.confidentiality} />
        ) : null}
        {c.status === 'withdrawn' ? <Tag color="default">{t('cases.status.withdrawn')}</Tag> : null}
        {c.tags.map((tag) => (
          <Tag key={tag}>{tag}</Tag>
        ))}
        <Typography.Text type="secondary">
          {t('cases.updated', { at: formatDate(c.updated_at, lang) })}
          {c.attachment_count ? ` · ${t('cases.attachmentCount', { n: c.attachment_count })}` : ''}
          {c.video_count ? ` · ${t('cases.videoCount', { n: c.video_count })}` : ''}
        </Typography.Text>
      </Space>
    </li>
  );
}
