// How to watch platforms without feeds of their own (Weibo, WeChat official accounts): through
// a self-hosted RSSHub, whose addresses are then added as ordinary feed sources.
import { QuestionCircleOutlined } from '@ant-design/icons';
import { Collapse, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.tsx';

/** Open at first for those who add sources; a closed heading for the others. */
export function RsshubHelp({ open }: { open: boolean }) {
  const { t } = useI18n();
  return (
    <Collapse
      ghost
      size="small"
      defaultActiveKey={open ? ['rsshub'] : []}
      style={{ marginTop: 16 }}
      data-testid="rsshub-help"
      items={[
        {
          key: 'rsshub',
          label: (
            <span>
              <QuestionCircleOutlined /> {t('sources.help.title')}
            </span>
          ),
          children: (
            <div className="help-box">
              <Typography.Paragraph>{t('sources.help.body')}</Typography.Paragraph>
              <ul>
                <li>
                  {t('sources.help.weiboUser')}
                  <pre className="code-sample">
                    https://&lt;your-rsshub&gt;/weibo/user/&lt;uid&gt;
                  </pre>
                </li>
                <li>
                  {t('sources.help.weiboKeyword')}
                  <pre className="code-sample">
                    https://&lt;your-rsshub&gt;/weibo/keyword/&lt;keyword&gt;
                  </pre>
                </li>
              </ul>
              <Typography.Paragraph>{t('sources.help.wechat')}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">{t('sources.help.note')}</Typography.Paragraph>
            </div>
          ),
        },
      ]}
    />
  );
}
