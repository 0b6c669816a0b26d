import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// Only the parts of Chart.js these charts use are registered, so the rest is left out of the bundle.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

export interface Series {
  label: string;
  /** 1, 2 or 3: the --chart-N colour of the design system. */
  colour: 1 | 2 | 3;
  values: number[];
}

interface ChartProps {
  title: string;
  categoryLabel: string;
  summary: string;
  categories: string[];
  series: Series[];
}

/** "2024-05" as the reader's month name and year, e.g. "May 2024" or "mai 2024". */
export function monthLabel(month: string, locale: string): string {
  const [year, m] = month.split('-').map(Number);
  if (!year || !m) return month;
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, m - 1, 1)),
  );
}

/** Splits a long category name into lines of about `width` characters, so axis labels wrap instead of being cut. */
function wrap(label: string, width = 28): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#555';

/**
 * A Chart.js canvas with its numbers as a table: the picture (with tooltips and a legend) is for
 * sighted readers at a glance, the table (under "Show the data") is the same information for everyone.
 */
function ChartFigure({
  title,
  categoryLabel,
  summary,
  categories,
  series,
  kind,
  height,
}: ChartProps & { kind: 'columns' | 'bars' | 'lines'; height: number }) {
  const { t, i18n } = useTranslation('staff');
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const locale = i18n.language;

  useEffect(() => {
    if (!canvas.current) return;
    const ink = cssVar('--color-ink');
    const grid = cssVar('--color-border');
    const horizontal = kind === 'bars';
    const valueAxis = {
      beginAtZero: true,
      ticks: { color: ink, precision: 0 },
      grid: { color: grid },
    };
    const categoryAxis = {
      ticks: { color: ink, autoSkip: !horizontal, maxRotation: 0 },
      grid: { display: false },
    };
    const config: ChartConfiguration<'bar' | 'line'> = {
      type: kind === 'lines' ? 'line' : 'bar',
      data: {
        labels: horizontal ? categories.map((c) => wrap(c)) : categories,
        datasets: series.map((s) => {
          const colour = cssVar(`--chart-${s.colour}`);
          return {
            label: s.label,
            data: s.values,
            backgroundColor: colour,
            borderColor: colour,
            maxBarThickness: 28,
            pointRadius: 3,
            tension: 0,
          };
        }),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale,
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { position: 'bottom', labels: { color: ink } },
          tooltip: { mode: 'index', intersect: false },
        },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [kind, categories, series, locale]);

  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <div className="chart-canvas" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={`${title}. ${summary}`}>
          {summary}
        </canvas>
      </div>
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
                    <td key={s.label}>{s.values[i].toLocaleString(locale)}</td>
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

/** Vertical bars per category (e.g. month), one bar per series side by side. */
export function ColumnChart(props: ChartProps) {
  return <ChartFigure {...props} kind="columns" height={280} />;
}

/** A line per series across categories (e.g. cumulative completions by month). */
export function LineChart(props: ChartProps) {
  return <ChartFigure {...props} kind="lines" height={280} />;
}

/** Horizontal bars per category (e.g. module), for a funnel read from top to bottom. */
export function BarChart(props: ChartProps) {
  const rows = props.categories.length;
  return <ChartFigure {...props} kind="bars" height={Math.max(200, 60 + rows * (22 * props.series.length + 28))} />;
}
