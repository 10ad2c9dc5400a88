// A tiny trend line in plain SVG for table rows (one ECharts instance per row would be heavy):
// the counts scaled to the box, the last value marked.
export function Sparkline({
  counts,
  width = 96,
  height = 24,
  color = '#1f4e9a',
  label,
}: {
  counts: readonly number[];
  width?: number;
  height?: number;
  color?: string;
  label: string;
}) {
  const max = Math.max(1, ...counts);
  const n = counts.length;
  const pad = 2;
  const x = (i: number) => (n <= 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad);
  const points = counts.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = counts.at(-1);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      className="sparkline"
      data-testid="sparkline"
      data-total={counts.reduce((a, b) => a + b, 0)}
    >
      <title>{label}</title>
      <line x1={0} y1={height - pad} x2={width} y2={height - pad} stroke="#f0f0f0" />
      {n > 0 ? <polyline points={points} fill="none" stroke={color} strokeWidth={1.5} /> : null}
      {last !== undefined ? <circle cx={x(n - 1)} cy={y(last)} r={2} fill={color} /> : null}
    </svg>
  );
}
