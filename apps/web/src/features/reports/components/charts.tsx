import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear, scalePoint } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import { useWidth } from './use-width';

/*
 * The reports' two kinds of chart, drawn with visx primitives (SVG): grouped bars and lines.
 * Colours come from CSS custom properties (reports.css: the Okabe–Ito colour-blind-safe palette,
 * lighter in dark mode); lines also differ by dash pattern and every chart has a legend in words,
 * so colour is never the only cue. The SVG is one image with a label; the figures themselves are
 * in the panel's table (ChartPanel's "Show table"), which screen readers are pointed to.
 */

export interface Series {
  key: string;
  label: string;
}

/** The nth colour of the palette and, for lines, its dash pattern. */
const colour = (i: number) => `var(--chart-${(i % 5) + 1})`;
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2'];

const MARGIN = { top: 12, right: 12, bottom: 44, left: 48 };
const HEIGHT = 240;

function Legend({ series, lines }: { series: Series[]; lines?: boolean }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {series.map((s, i) => (
        <li key={s.key}>
          <svg width="24" height="10" aria-hidden="true">
            {lines ? (
              <line
                x1="0"
                x2="24"
                y1="5"
                y2="5"
                stroke={colour(i)}
                strokeWidth="3"
                strokeDasharray={DASHES[i % 5]}
              />
            ) : (
              <rect width="24" height="10" rx="2" fill={colour(i)} />
            )}
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** Every nth label, so the axis stays readable however many categories there are. */
function sparseTicks(labels: string[], width: number): string[] {
  const room = Math.max(1, Math.floor(width / 80));
  const step = Math.max(1, Math.ceil(labels.length / room));
  return labels.filter((_, i) => i % step === 0);
}

const axisLabel = () => ({ fill: 'var(--muted)', fontSize: 11, textAnchor: 'middle' as const });
const axisLabelLeft = () => ({
  fill: 'var(--muted)',
  fontSize: 11,
  textAnchor: 'end' as const,
  dx: -4,
  dy: 3,
});

type Row = { label: string; values: (number | null)[] };

function Frame({ label, width, children }: { label: string; width: number; children: React.ReactNode }) {
  return (
    <svg className="chart" role="img" aria-label={label} width={width} height={HEIGHT}>
      {children}
    </svg>
  );
}

/** Grouped bars: one group per row (a day, a unit…), one bar per series. */
export function BarChart({
  label,
  series,
  rows,
  format = String,
}: {
  label: string;
  series: Series[];
  rows: Row[];
  format?: (n: number) => string;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const innerW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  const x = scaleBand<string>({ domain: rows.map((r) => r.label), range: [0, innerW], padding: 0.2 });
  const inner = scaleBand<number>({
    domain: series.map((_, i) => i),
    range: [0, x.bandwidth()],
    padding: 0.08,
  });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 0], nice: true });
  return (
    <div ref={ref} className="chart-box">
      <Frame label={label} width={width}>
        <Group left={MARGIN.left} top={MARGIN.top}>
          {rows.map((r) =>
            r.values.map((v, i) => {
              const h = innerH - y(v ?? 0);
              return (
                <Bar
                  key={`${r.label}-${series[i]?.key}`}
                  x={(x(r.label) ?? 0) + (inner(i) ?? 0)}
                  y={innerH - h}
                  width={inner.bandwidth()}
                  height={h}
                  fill={colour(i)}
                />
              );
            }),
          )}
          <AxisLeft
            scale={y}
            numTicks={4}
            tickFormat={(v) => format(Number(v))}
            stroke="var(--border)"
            tickStroke="var(--border)"
            tickLabelProps={axisLabelLeft}
          />
          <AxisBottom
            top={innerH}
            scale={x}
            tickValues={sparseTicks(
              rows.map((r) => r.label),
              innerW,
            )}
            stroke="var(--border)"
            tickStroke="var(--border)"
            tickLabelProps={axisLabel}
          />
        </Group>
      </Frame>
      <Legend series={series} />
    </div>
  );
}

/** Lines over the rows (days or weeks); a null value leaves a gap. */
export function LineChart({
  label,
  series,
  rows,
  format = String,
}: {
  label: string;
  series: Series[];
  rows: Row[];
  format?: (n: number) => string;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const innerW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  const x = scalePoint<string>({ domain: rows.map((r) => r.label), range: [0, innerW], padding: 0.5 });
  const y = scaleLinear<number>({ domain: [0, max], range: [innerH, 0], nice: true });
  return (
    <div ref={ref} className="chart-box">
      <Frame label={label} width={width}>
        <Group left={MARGIN.left} top={MARGIN.top}>
          {series.map((s, i) => (
            <LinePath<Row>
              key={s.key}
              data={rows}
              defined={(r) => r.values[i] !== null && r.values[i] !== undefined}
              x={(r) => x(r.label) ?? 0}
              y={(r) => y(r.values[i] ?? 0)}
              stroke={colour(i)}
              strokeWidth={2.5}
              strokeDasharray={DASHES[i % 5]}
              fill="none"
            />
          ))}
          {rows.length === 1 &&
            series.map((s, i) =>
              rows[0]?.values[i] == null ? null : (
                <circle
                  key={s.key}
                  cx={x(rows[0].label) ?? 0}
                  cy={y(rows[0].values[i] ?? 0)}
                  r={4}
                  fill={colour(i)}
                />
              ),
            )}
          <AxisLeft
            scale={y}
            numTicks={4}
            tickFormat={(v) => format(Number(v))}
            stroke="var(--border)"
            tickStroke="var(--border)"
            tickLabelProps={axisLabelLeft}
          />
          <AxisBottom
            top={innerH}
            scale={x}
            tickValues={sparseTicks(
              rows.map((r) => r.label),
              innerW,
            )}
            stroke="var(--border)"
            tickStroke="var(--border)"
            tickLabelProps={axisLabel}
          />
        </Group>
      </Frame>
      <Legend series={series} lines />
    </div>
  );
}
