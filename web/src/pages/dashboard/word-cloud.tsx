// The words of the active events as a tag cloud in plain React (ECharts has no word cloud of
// its own): bigger and darker for more weight, each a search of the feed for that word.
import { Empty } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n.tsx';

const MIN_PX = 12;
const MAX_PX = 30;
const SHADES = ['#0b2a5b', '#1f4e9a', '#3a6fc4', '#5b8bd6', '#8aa9d9'];

export function WordCloud({ words }: { words: readonly { word: string; weight: number }[] }) {
  const { t } = useI18n();
  if (words.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.words.empty')} />;
  }
  const ranked = [...words].sort((a, b) => b.weight - a.weight).slice(0, 60);
  const max = Math.max(...ranked.map((w) => w.weight));
  const min = Math.min(...ranked.map((w) => w.weight));
  const size = (w: number) =>
    max === min
      ? (MIN_PX + MAX_PX) / 2
      : MIN_PX + Math.sqrt((w - min) / (max - min)) * (MAX_PX - MIN_PX);
  // Shuffled in a fixed way (by the word itself), so the biggest are not all at the start.
  const order = [...ranked].sort((a, b) => hash(a.word) - hash(b.word));
  return (
    <div className="word-cloud" data-testid="word-cloud">
      {order.map((w) => {
        const rank = ranked.indexOf(w);
        return (
          <Link
            key={w.word}
            to={`/mentions?q=${encodeURIComponent(w.word)}`}
            className="word-cloud-word"
            style={{
              fontSize: size(w.weight),
              color: SHADES[Math.min(SHADES.length - 1, Math.floor((rank / ranked.length) * 5))],
            }}
            title={t('dashboard.words.title', { word: w.word, n: w.weight })}
            data-testid="word-cloud-word"
          >
            {w.word}
          </Link>
        );
      })}
    </div>
  );
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + (ch.codePointAt(0) ?? 0)) | 0;
  return h;
}
