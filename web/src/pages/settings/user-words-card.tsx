// The user dictionary (用户词典): words the segmenter keeps whole (place names, bureau names,
// new terms), one a line. Those with analysis.manage save it; a word the server refuses is
// named with its line.
import { Alert, App, Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { AnalysisSettings } from '../../api/types.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { serverMessage } from '../../lib/form-errors.ts';

/** The dictionary validator's messages (src/analysis/settings-schema.ts) in the UI language. */
const WORD_MESSAGES: Record<string, Parameters<Translate>[0]> = {
  'a word has at least 2 characters': 'analysis.words.tooShort',
  'a word has at most 30 characters': 'analysis.words.tooLong',
  'a word has no spaces': 'analysis.words.noSpaces',
  'at most 5,000 words': 'analysis.words.tooMany',
};

function wordMessage(t: Translate, message: string): string {
  const key = WORD_MESSAGES[message];
  return key ? t(key) : serverMessage(t, message);
}

/** The words of the box: one a line, blanks dropped, each once. */
export function wordsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((w) => w.trim())
        .filter((w) => w !== ''),
    ),
  ];
}

export function UserWordsCard({
  settings,
  canManage,
  onSaved,
}: {
  settings: AnalysisSettings;
  canManage: boolean;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const saved = settings.user_words.join('\n');
  const [text, setText] = useState(saved);
  const [shownSaved, setShownSaved] = useState(saved);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  // Saved elsewhere (or just now): the box shows what is stored.
  if (saved !== shownSaved) {
    setShownSaved(saved);
    setText(saved);
  }

  const words = wordsOf(text);

  const save = async () => {
    setSaving(true);
    setProblems([]);
    try {
      await api.setUserWords(words);
      void message.success(t('analysis.words.saved', { n: words.length }));
      onSaved();
    } catch (e: unknown) {
      if (e instanceof ApiError && e.fieldProblems.length) {
        setProblems(
          e.fieldProblems.map((p) => {
            const i = /^body\.words\.(\d+)/.exec(p.path)?.[1];
            const word = i === undefined ? undefined : words[Number(i)];
            return word === undefined
              ? wordMessage(t, p.message)
              : t('analysis.words.problem', { word, message: wordMessage(t, p.message) });
          }),
        );
      } else setProblems([describeError(e, t)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('analysis.words.title')} data-testid="user-words">
      <Typography.Paragraph type="secondary">{t('analysis.words.desc')}</Typography.Paragraph>
      {problems.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('analysis.words.failed')}
          description={
            <ul className="reasons">
              {problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          }
          data-testid="user-words-error"
        />
      ) : null}
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        readOnly={!canManage}
        autoSize={{ minRows: 4, maxRows: 14 }}
        placeholder={canManage ? t('analysis.words.placeholder') : t('analysis.words.empty')}
        className="code-input"
        spellCheck={false}
        aria-label={t('analysis.words.title')}
        data-testid="user-words-text"
      />
      <Space style={{ marginTop: 12 }} wrap>
        <Typography.Text type="secondary">
          {t('analysis.words.count', { n: words.length })}
        </Typography.Text>
        {canManage ? (
          <>
            <Button
              type="primary"
              loading={saving}
              disabled={text === saved}
              onClick={() => void save()}
              data-testid="user-words-save"
            >
              {t('common.save')}
            </Button>
            <Button disabled={text === saved} onClick={() => setText(saved)}>
              {t('analysis.risk.discard')}
            </Button>
          </>
        ) : null}
      </Space>
    </Card>
  );
}
