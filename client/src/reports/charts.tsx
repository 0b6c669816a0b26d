import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export interface Series {
  label: string;
  className: string;
  values: number[];
}

/**
 * A chart drawn as plain SVG, with its numbers as a table beside it: the picture is for sighted
 * readers at a glance, the table (under "Show the data") is the same information for everyone.
 */
function ChartFigure({
  title,
  categoryLabel,
  summary,
  categories,
  series,
  chart,
}: {
  title: string;
  categoryLabel: string;
  summary: string;
  categories: string[];
  series: Series[];
  chart: React.ReactNode;
}) {
  const { t } = useTranslation('staff');
  const id = useId();
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <div role="img" aria-label={`${title}. ${summary}`}>
        {chart}
      </div>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.label}>
            <span className={`swatch ${s.className}`} /> {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('reports.showData')}</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{categoryLabel}</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {categories.map((c, i) => (
                <tr key={c}>
                  <th scope="row">{c}</th>
                  {series.map((s) => (
                    <td key={s.label}>{s.values[i].toLocaleString()}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

interface ChartProps {
  title: string;
  categoryLabel: string;
  summary: string;
  categories: string[];
  series: Series[];
}

/** Vertical bars per category (e.g. month), one bar per series side by side. */
export function ColumnChart(props: ChartProps) {
  const { categories, series } = props;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const band = 24;
  const width = Math.max(240, categories.length * band);
  const height = 160;
  const bar = (band - 6) / series.length;
  const labelEvery = Math.ceil(categories.length / 12);
  const chart = (
    <svg viewBox={`0 0 ${width} ${height + 34}`} preserveAspectRatio="none" className="chart-svg" focusable="false">
      <line x1="0" x2={width} y1={height} y2={height} className="chart-axis" />
      {categories.map((c, i) => (
        <g key={c}>
          {series.map((s, k) => {
            const h = (s.values[i] / max) * (height - 8);
            return (
              <rect
                key={s.label}
                x={i * band + 3 + k * bar}
                y={height - h}
                width={bar}
                height={h}
                className={s.className}
              />
            );
          })}
          {i % labelEvery === 0 && (
            <text x={i * band + band / 2} y={height + 14} textAnchor="middle" className="chart-label">
              {c.slice(2)}
            </text>
          )}
        </g>
      ))}
      <text x="2" y="12" className="chart-label">
        {max.toLocaleString()}
      </text>
    </svg>
  );
  return <ChartFigure {...props} chart={chart} />;
}

/** Horizontal bars per category (e.g. module), for a funnel read from top to bottom. */
export function BarChart(props: ChartProps) {
  const { categories, series } = props;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const row = 14 * series.length + 22;
  const width = 320;
  const chart = (
    <svg viewBox={`0 0 ${width} ${categories.length * row}`} className="chart-svg" focusable="false">
      {categories.map((c, i) => (
        <g key={c} transform={`translate(0 ${i * row})`}>
          <text x="0" y="11" className="chart-label">
            {c}
          </text>
          {series.map((s, k) => {
            const w = (s.values[i] / max) * (width - 60);
            return (
              <g key={s.label}>
                <rect x="0" y={15 + k * 14} width={w} height="11" className={s.className} />
                <text x={w + 4} y={24 + k * 14} className="chart-label">
                  {s.values[i].toLocaleString()}
                </text>
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
  return <ChartFigure {...props} chart={chart} />;
}
