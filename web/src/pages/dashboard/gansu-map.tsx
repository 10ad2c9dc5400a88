// The Gansu map: the 14 市州 coloured by their mentions in the range, or by the negative ones
// (a toggle); the tooltip gives both counts; a click opens the feed filtered by that region.
import { Segmented, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Dashboard } from '../../api/event-types.ts';
import { EChart } from '../../components/charts/echart.tsx';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { GANSU_MAP, loadGansuMap, type ChartOption } from '../../lib/echarts.ts';
import { GANSU_PREFECTURES } from '../../lib/gansu.ts';

type Mode = 'volume' | 'negative';

interface RegionDatum {
  name: string;
  value: number;
  adcode: string;
  count: number;
  negative: number;
}

export function GansuMap({
  prefectures,
  height = 380,
}: {
  prefectures: Dashboard['prefectures'];
  height?: number;
}) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [mode, setMode] = useState<Mode>('volume');
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    loadGansuMap().then(
      () => live && setReady(true),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const english = lang === 'en';
  const option = useMemo<ChartOption>(() => {
    const nameEn = new Map(GANSU_PREFECTURES.map((p) => [p.name, p.nameEn]));
    const data: RegionDatum[] = prefectures.map((p) => ({
      name: english ? (nameEn.get(p.name) ?? p.name) : p.name,
      value: mode === 'volume' ? p.count : p.negative,
      adcode: p.adcode,
      count: p.count,
      negative: p.negative,
    }));
    const max = Math.max(1, ...data.map((d) => d.value));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const p = params as { name: string; data?: RegionDatum };
          const d = p.data;
          if (!d) return p.name;
          return `${p.name}<br/>${t('dashboard.map.tipCount', { n: d.count })}<br/>${t(
            'dashboard.map.tipNegative',
            { n: d.negative },
          )}`;
        },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max,
        left: 8,
        bottom: 8,
        calculable: false,
        itemHeight: 90,
        text: [t('dashboard.map.high'), t('dashboard.map.low')],
        inRange: {
          color: mode === 'volume' ? ['#eef3fb', '#1f4e9a'] : ['#fff1f0', '#cf1322'],
        },
      },
      series: [
        {
          type: 'map',
          map: GANSU_MAP,
          roam: false,
          selectedMode: false,
          ...(english
            ? { nameMap: Object.fromEntries(GANSU_PREFECTURES.map((p) => [p.name, p.nameEn])) }
            : {}),
          label: { show: true, fontSize: 10, color: '#262626' },
          emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd666' } },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          data,
        },
      ],
    };
  }, [prefectures, mode, english, t]);

  const onClick = useCallback(
    (params: { data?: unknown }) => {
      const d = params.data as RegionDatum | undefined;
      if (d?.adcode) void navigate(`/mentions?region=${encodeURIComponent(d.adcode)}`);
    },
    [navigate],
  );

  const named = prefectures.filter((p) => p.count > 0).length;
  return (
    <div data-testid="gansu-map-card">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Segmented<Mode>
          size="small"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'volume', label: t('dashboard.map.byVolume') },
            { value: 'negative', label: t('dashboard.map.byNegative') },
          ]}
          data-testid="map-mode"
        />
        <Typography.Text type="secondary">{t('dashboard.map.named', { n: named })}</Typography.Text>
      </Space>
      {error ? (
        <LoadError
          error={error}
          onRetry={() => {
            setError(undefined);
            setAttempt((n) => n + 1);
          }}
        />
      ) : ready ? (
        <EChart
          option={option}
          height={height}
          testId="gansu-map"
          ariaLabel={t('dashboard.map.aria', { n: named })}
          onClick={onClick}
        />
      ) : (
        <Loading />
      )}
      <Typography.Text type="secondary" className="chart-note">
        {t('dashboard.map.clickHint')}
      </Typography.Text>
    </div>
  );
}
