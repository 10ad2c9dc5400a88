// A mention's content in a table cell: its title, or an excerpt of its text (shown as text,
// never as HTML), with the analysis tags under it. Shared by the feed and the event page.
import { Typography } from 'antd';
import type { Mention } from '../../api/types.ts';
import { excerpt } from '../../lib/format.ts';
import { AnalysisTags, type RiskNames } from './analysis-tags.tsx';

export function MentionContent({
  mention: m,
  riskNames,
  excerptChars,
  testId,
}: {
  mention: Mention;
  riskNames: RiskNames;
  excerptChars: number;
  testId: string;
}) {
  return (
    <div className="mention-cell">
      {m.title ? (
        <Typography.Text strong data-testid={testId}>
          {m.title}
        </Typography.Text>
      ) : (
        <span data-testid={testId}>{excerpt(m.text, excerptChars)}</span>
      )}
      {m.analysis ? (
        <div className="mention-cell-tags">
          <AnalysisTags analysis={m.analysis} riskNames={riskNames} />
        </div>
      ) : null}
    </div>
  );
}
