// A list of reports, newest first, paged by next_cursor: one's own (我的报送) or, for admin,
// leaders and the office, all in their scope (全部报送) with reporter and unit. Each shows the
// text as plain text (it is untrusted), the link, the note, the attachment to download and
// whether a monitored source had found the link first. Cards, not a table: it reads on a phone.
import { FlagOutlined, LinkOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, reportAttachmentUrl } from '../../api/client.ts';
import type { Report } from '../../api/types.ts';
import { CursorPager, useCursorPaging } from '../../components/cursor-pager.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatBytes, formatTime, httpUrl } from '../../lib/format.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { OpenIncidentModal } from '../incidents/open-incident-modal.tsx';
import { mayOpenIncident } from '../incidents/people.ts';

const PAGE_SIZE = 20;

export function ReportList({ mine, version }: { mine: boolean; version: number }) {
  const { t } = useI18n();
  const paging = useCursorPaging();
  const { cursor, reset } = paging;

  const load = useCallback(
    (signal: AbortSignal) => api.reports({ mine, cursor, limit: PAGE_SIZE, signal }),
    [mine, cursor],
  );
  const list = useApi(load);
  const { reload } = list;
  // A new report: back to the first page, where it is.
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    if (cursor === null) reload();
    else reset();
  }, [version, cursor, reload, reset]);

  const items = list.data?.items ?? [];
  return (
    <div data-testid={mine ? 'reports-mine' : 'reports-all'}>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {!list.data && list.loading ? <Loading /> : null}
      {list.data && items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t(mine ? 'reports.empty.mine' : 'reports.empty.all')}
        />
      ) : null}
      <div className="report-items">
        {items.map((r) => (
          <ReportItem key={r.id} report={r} showReporter={!mine} />
        ))}
      </div>
      {list.data && (paging.page > 1 || list.data.next_cursor) ? (
        <CursorPager paging={paging} nextCursor={list.data.next_cursor} loading={list.loading} />
      ) : null}
    </div>
  );
}

function ReportItem({ report: r, showReporter }: { report: Report; showReporter: boolean }) {
  const { t, lang } = useI18n();
  const href = httpUrl(r.link);
  // 转入处置: whoever reads all reports and may open an incident opens one from this report.
  const me = useMe();
  const navigate = useNavigate();
  const [opening, setOpening] = useState(false);
  const mayOpen = showReporter && mayOpenIncident(me);
  const firstWords = [...(r.text.split('\n')[0] ?? '').trim()].slice(0, 40).join('');
  return (
    <article className="report-item" data-testid="report-item" data-id={r.id}>
      <div className="report-item-head">
        <Typography.Text type="secondary" className="nowrap">
          {formatTime(r.created_at, lang)}
        </Typography.Text>
        {showReporter ? (
          <Space size={4} wrap>
            <Typography.Text strong data-testid="report-reporter">
              {r.reporter.name}
            </Typography.Text>
            <Tag data-testid="report-unit">{r.unit.name}</Tag>
          </Space>
        ) : null}
        {r.machine_found_first ? (
          <Tooltip
            title={t('reports.machineFoundAt', { time: formatTime(r.machine_found_at, lang) })}
          >
            <Tag color="blue" data-testid="report-machine-first">
              {t('reports.machineFoundFirst')}
            </Tag>
          </Tooltip>
        ) : r.link ? (
          <Tag color="green" data-testid="report-human-first">
            {t('reports.humanFoundFirst')}
          </Tag>
        ) : null}
      </div>
      <div className="report-text" data-testid="report-text">
        {r.text}
      </div>
      {r.link ? (
        <div className="report-line">
          {href ? (
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer"
              className="break-all"
              data-testid="report-link"
            >
              <LinkOutlined /> {r.link}
            </a>
          ) : (
            <span className="break-all">{r.link}</span>
          )}
        </div>
      ) : null}
      {r.note ? (
        <div className="report-line">
          <Typography.Text type="secondary" className="report-note">
            {t('reports.noteLine', { note: r.note })}
          </Typography.Text>
        </div>
      ) : null}
      {r.attachment ? (
        <div className="report-line">
          <a
            href={reportAttachmentUrl(r.id)}
            download={r.attachment.name}
            className="break-all"
            data-testid="report-attachment"
          >
            <PaperClipOutlined />{' '}
            {t('reports.download', {
              name: r.attachment.name,
              size: formatBytes(r.attachment.size, lang),
            })}
          </a>
        </div>
      ) : null}
      {mayOpen ? (
        <div className="report-line">
          <Button
            size="small"
            icon={<FlagOutlined />}
            onClick={() => setOpening(true)}
            data-testid="report-open-incident"
          >
            {t('incidents.openFrom')}
          </Button>
        </div>
      ) : null}
      {opening ? (
        <OpenIncidentModal
          source={{
            kind: 'informant_report',
            refId: r.id,
            name: `${r.reporter.name}（${r.unit.name}）${firstWords}`,
            title: firstWords,
            unitId: r.unit.id,
          }}
          onCancel={() => setOpening(false)}
          onDone={(incidentId) => void navigate(`/incidents/${encodeURIComponent(incidentId)}`)}
        />
      ) : null}
    </article>
  );
}
