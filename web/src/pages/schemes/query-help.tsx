// The help of the query language: what each piece of syntax does and worked examples, opened
// from a button beside the editor. An example can be taken into the editor in one click.
import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Popover, Typography } from 'antd';
import { useI18n, type MessageKey } from '../../i18n/i18n.tsx';

const SYNTAX: readonly { code: string; text: MessageKey }[] = [
  { code: '统计局', text: 'schemes.help.term' },
  { code: '"国家 统计局"', text: 'schemes.help.phrase' },
  { code: '统计 造假   统计 & 造假', text: 'schemes.help.and' },
  { code: '造假 | 注水', text: 'schemes.help.or' },
  { code: '-招聘   !招聘', text: 'schemes.help.not' },
  { code: '(统计局 | 统计) 造假', text: 'schemes.help.group' },
  { code: 'NEAR/10(数据, 失实)', text: 'schemes.help.near' },
  { code: 'title:  text:  author:  source:  region:', text: 'schemes.help.field' },
];

export const EXAMPLES: readonly { query: string; text: MessageKey }[] = [
  { query: '(统计局 | 统计) (造假 | 注水 | 数据打架) -招聘', text: 'schemes.help.ex1' },
  { query: 'title:"经济普查"', text: 'schemes.help.ex2' },
  { query: 'NEAR/10(数据, 失实)', text: 'schemes.help.ex3' },
  { query: 'region:兰州 统计', text: 'schemes.help.ex4' },
];

export function QueryHelp({ onUse }: { onUse?: ((query: string) => void) | undefined }) {
  const { t } = useI18n();
  const content = (
    <div className="scheme-help" data-testid="scheme-help">
      <table>
        <tbody>
          {SYNTAX.map((row) => (
            <tr key={row.code}>
              <td>
                <code>{row.code}</code>
              </td>
              <td>{t(row.text)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0' }}>
        {t('schemes.help.folding')}
      </Typography.Paragraph>
      <Typography.Text strong>{t('schemes.help.examples')}</Typography.Text>
      <table>
        <tbody>
          {EXAMPLES.map((ex) => (
            <tr key={ex.query}>
              <td>
                <code>{ex.query}</code>
              </td>
              <td>{t(ex.text)}</td>
              {onUse ? (
                <td>
                  <Button size="small" type="link" onClick={() => onUse(ex.query)}>
                    {t('schemes.help.use')}
                  </Button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <Popover content={content} title={t('schemes.help.title')} trigger="click" placement="bottom">
      <Button size="small" icon={<QuestionCircleOutlined />} data-testid="scheme-help-button">
        {t('schemes.help.button')}
      </Button>
    </Popover>
  );
}
