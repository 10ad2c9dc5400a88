// What a statement says, as approved: the title with its kind, the body, a clarification's
// claim, facts and source, and the Q&A pairs. Text only (React escapes it): nothing of the
// approved words is reformatted beyond keeping their line breaks.
import { Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.tsx';
import type { ReleaseContent } from './releases-api.ts';
import './releases.css';

export function StatementContent({
  content,
  withTitle = true,
  withBody = true,
}: {
  content: ReleaseContent;
  withTitle?: boolean;
  /** Without the body: the parts only (where the body is shown already). */
  withBody?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="statement-content" data-testid="statement-content" data-kind={content.kind}>
      {withTitle ? (
        <Typography.Title level={5} data-testid="statement-title">
          {content.title}
        </Typography.Title>
      ) : null}
      {withBody ? (
        <div className="statement-pre" data-testid="statement-body">
          {content.body}
        </div>
      ) : null}
      {content.kind === 'clarification' ? (
        <dl className="statement-clarification" data-testid="statement-clarification">
          {content.claim !== null ? (
            <>
              <dt>{t('release.content.claim')}</dt>
              <dd className="statement-pre" data-testid="statement-claim">
                {content.claim}
              </dd>
            </>
          ) : null}
          {content.facts !== null ? (
            <>
              <dt>{t('release.content.facts')}</dt>
              <dd className="statement-pre" data-testid="statement-facts">
                {content.facts}
              </dd>
            </>
          ) : null}
          {content.factSource !== null ? (
            <>
              <dt>{t('release.content.factSource')}</dt>
              <dd className="statement-pre" data-testid="statement-fact-source">
                {content.factSource}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {content.qa.length ? (
        <ol className="statement-qa" data-testid="statement-qa">
          {content.qa.map((p, i) => (
            <li key={i} data-testid="statement-qa-pair">
              <div className="statement-q">
                {t('release.content.question')}
                {p.question}
              </div>
              <div className="statement-pre">
                {t('release.content.answer')}
                {p.answer}
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
