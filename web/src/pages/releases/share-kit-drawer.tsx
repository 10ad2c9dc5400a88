// The share kit of one statement, for staff and informants to pass the official words on under
// their own name: the attributed text, the Q&A alone, the page's link, the feed's link and a
// QR code of the page (our server's own SVG, shown as an image: nothing of it runs). Each
// text has a copy button (the clipboard; where the browser refuses, the text is selected).
import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Space, Typography } from 'antd';
import { useCallback, useRef, type RefObject } from 'react';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { releasesApi, type ShareKit } from './releases-api.ts';

/** The SVG as an image address (an <img> never runs what an SVG holds). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

export function ShareKitDrawer({
  releaseId,
  title,
  onClose,
}: {
  releaseId: string;
  title: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const load = useCallback(
    (signal: AbortSignal) => releasesApi.shareKit(releaseId, signal),
    [releaseId],
  );
  const kit = useApi(load);
  return (
    <Drawer
      open
      size={560}
      title={t('release.share.title', { title })}
      onClose={onClose}
      destroyOnHidden
    >
      <div data-testid="share-kit" data-release-id={releaseId}>
        {kit.error ? <LoadError error={kit.error} onRetry={kit.reload} /> : null}
        {!kit.data && !kit.error ? <Loading /> : null}
        {kit.data ? <KitBody kit={kit.data} /> : null}
      </div>
    </Drawer>
  );
}

function KitBody({ kit }: { kit: ShareKit }) {
  const { t } = useI18n();
  const textRef = useRef<HTMLPreElement>(null);
  const qaRef = useRef<HTMLPreElement>(null);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('release.share.help')}
      </Typography.Paragraph>
      <section>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text strong>{t('release.share.text')}</Typography.Text>
          <CopyButton text={kit.text} target={textRef} testId="share-copy-text" />
        </Space>
        <pre className="share-text" ref={textRef} data-testid="share-text">
          {kit.text}
        </pre>
      </section>
      {kit.qaText ? (
        <section>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text strong>{t('release.share.qa')}</Typography.Text>
            <CopyButton text={kit.qaText} target={qaRef} testId="share-copy-qa" />
          </Space>
          <pre className="share-text" ref={qaRef} data-testid="share-qa">
            {kit.qaText}
          </pre>
        </section>
      ) : null}
      <section>
        <Typography.Text strong>{t('release.share.page')}</Typography.Text>
        <div>
          <Space wrap>
            <a
              href={kit.pageUrl}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="share-page"
            >
              {kit.pageUrl}
            </a>
            <CopyButton text={kit.pageUrl} testId="share-copy-page" />
          </Space>
        </div>
      </section>
      <section>
        <Typography.Text strong>{t('release.share.feed')}</Typography.Text>
        <div>
          <Space wrap>
            <a
              href={kit.feedUrl}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="share-feed"
            >
              {kit.feedUrl}
            </a>
            <CopyButton text={kit.feedUrl} testId="share-copy-feed" />
          </Space>
        </div>
      </section>
      <section>
        <Typography.Text strong>{t('release.share.qr')}</Typography.Text>
        <img
          className="share-qr"
          src={svgDataUrl(kit.qrSvg)}
          alt={t('release.share.qrAlt', { url: kit.pageUrl })}
          data-testid="share-qr"
        />
      </section>
    </Space>
  );
}

function CopyButton({
  text,
  target,
  testId,
}: {
  text: string;
  /** The element whose text is selected when the clipboard is refused. */
  target?: RefObject<HTMLElement | null>;
  testId: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success(t('release.share.copied'));
    } catch {
      const el = target?.current;
      if (el) {
        const range = document.createRange();
        range.selectNodeContents(el);
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
      void message.warning(t('release.share.copyFailed'));
    }
  };
  return (
    <Button size="small" icon={<CopyOutlined />} onClick={() => void copy()} data-testid={testId}>
      {t('release.share.copy')}
    </Button>
  );
}
