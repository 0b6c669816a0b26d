import '../ui/staff.css';
import { PageShell } from '../ui';
import { useId, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Dashboard } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { usePage } from '../app/usePage';
import { useAuth } from '../auth/AuthContext';
import { BarChart, ColumnChart, LineChart, monthLabel } from './charts';
import { DiscussionParticipation } from './DiscussionParticipation';
import { FilterForm, FILTERS } from './FilterForm';
import { StepFunnel } from './StepFunnel';

const number = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toLocaleString());

/** Each value plus all before it: 1, 2, 0, 3 → 1, 3, 3, 6. */
const runningTotal = (values: number[]) => {
  let sum = 0;
  return values.map((v) => (sum += v));
};

/** The staff dashboard of a course: figures, charts with their data, breakdowns and downloads. */
export function DashboardPage() {
  const { t, i18n } = useTranslation('staff');
  const { user, ready } = useAuth();
  const heading = usePage(t('reports.title'), 'staff-reports');
  const [params, setParams] = useSearchParams();
  const catalog = useApi((signal) => api.catalog(i18n.language, signal), [i18n.language]);
  const courses = catalog.status === 'ready' ? catalog.data.courses : [];
  const course = params.get('course') ?? courses[0]?.id;
  const query = new URLSearchParams(FILTERS.flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : []))).toString();
  const state = useApi(
    (signal) => (course ? api.dashboard(course, query, signal) : new Promise<never>(() => {})),
    [course, query],
  );
  const courseId = useId();
  if (ready && user?.role !== 'staff' && user?.role !== 'admin')
    return <Navigate to="/sign-in?next=/staff/reports" replace />;

  return (
    <PageShell width="full">
      <h1 ref={heading} tabIndex={-1}>
        {t('reports.title')}
      </h1>
      {courses.length > 1 && (
        <div className="field">
          <label htmlFor={courseId}>{t('reports.course')}</label>
          <select
            id={courseId}
            value={course}
            onChange={(e) => setParams(new URLSearchParams({ course: e.target.value }))}
          >
            {courses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
      )}
      <Status state={state}>
        {(d) => (
          <>
            <FilterForm
              key={JSON.stringify(d.filters)}
              dashboard={d}
              onApply={(values) => setParams(new URLSearchParams({ ...(course ? { course } : {}), ...values }))}
            />
            <p className="notice">{t('reports.disclosure', { min: d.minGroup })}</p>
            {d.withheld ? (
              <p role="status" className="notice">
                {t('reports.withheld', { min: d.minGroup })}
              </p>
            ) : (
              <Figures d={d} query={query} />
            )}
            <DiscussionParticipation course={d.course} />
            <Downloads course={d.course} query={query} gender={Boolean(d.filters.gender)} />
          </>
        )}
      </Status>
    </PageShell>
  );
}

function Figures({ d, query }: { d: Dashboard; query: string }) {
  const { t, i18n } = useTranslation('staff');
  const totals = d.totals!;
  const title = (titles: Record<string, string>, id: string) => titles[i18n.language] ?? titles.en ?? id;
  const hidden = d.hidden.country + d.hidden.gender + d.hidden.other;
  return (
    <>
      <section aria-labelledby="figures">
        <h2 id="figures">{t('reports.figures')}</h2>
        <dl className="kpis">
          <div>
            <dt>{t('reports.enrolments')}</dt>
            <dd>{number(totals.enrolments)}</dd>
          </div>
          <div>
            <dt>{t('reports.active', { days: d.activeWindow.days })}</dt>
            <dd>{number(totals.activeLearners)}</dd>
          </div>
          <div>
            <dt>{t('reports.completions')}</dt>
            <dd>{number(totals.completions)}</dd>
          </div>
          <div>
            <dt>{t('reports.completionRate')}</dt>
            <dd>{totals.completionRate === null ? '–' : `${totals.completionRate.toLocaleString()} %`}</dd>
          </div>
          <div>
            <dt>{t('reports.medianTime')}</dt>
            <dd>
              {totals.medianDaysToComplete === null ? '–' : t('reports.days', { count: totals.medianDaysToComplete })}
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="over-time">
        <h2 id="over-time">{t('reports.overTime')}</h2>
        {d.timeline.length ? (
          <ColumnChart
            title={t('reports.overTime')}
            categoryLabel={t('reports.month')}
            summary={t('reports.overTimeSummary', {
              first: monthLabel(d.timeline[0].month, i18n.language),
              last: monthLabel(d.timeline.at(-1)!.month, i18n.language),
            })}
            categories={d.timeline.map((m) => monthLabel(m.month, i18n.language))}
            series={[
              { label: t('reports.enrolments'), colour: 1, values: d.timeline.map((m) => m.enrolments) },
              { label: t('reports.completions'), colour: 2, values: d.timeline.map((m) => m.completions) },
            ]}
          />
        ) : (
          <p>{t('reports.noData')}</p>
        )}
      </section>
      {d.timeline.length > 0 && (
        <section aria-labelledby="cumulative">
          <h2 id="cumulative">{t('reports.cumulative')}</h2>
          <LineChart
            title={t('reports.cumulative')}
            categoryLabel={t('reports.month')}
            summary={t('reports.cumulativeSummary', {
              first: monthLabel(d.timeline[0].month, i18n.language),
              last: monthLabel(d.timeline.at(-1)!.month, i18n.language),
            })}
            categories={d.timeline.map((m) => monthLabel(m.month, i18n.language))}
            series={[
              { label: t('reports.enrolments'), colour: 1, values: runningTotal(d.timeline.map((m) => m.enrolments)) },
              {
                label: t('reports.completions'),
                colour: 2,
                values: runningTotal(d.timeline.map((m) => m.completions)),
              },
            ]}
          />
        </section>
      )}
      <section aria-labelledby="funnel">
        <h2 id="funnel">{t('reports.funnel')}</h2>
        <p className="meta">{t('reports.funnelHint')}</p>
        {d.funnel.length ? (
          <BarChart
            title={t('reports.funnel')}
            categoryLabel={t('reports.module')}
            summary={t('reports.funnelSummary', { modules: d.funnel.length })}
            categories={d.funnel.map((f) => `${f.position}. ${title(f.titles, f.module)}`)}
            series={[
              { label: t('reports.started'), colour: 1, values: d.funnel.map((f) => f.started) },
              { label: t('reports.completedModule'), colour: 2, values: d.funnel.map((f) => f.completed) },
            ]}
          />
        ) : (
          <p>{t('reports.noData')}</p>
        )}
      </section>
      {d.funnel.length > 0 && (
        <StepFunnel d={d} query={query} title={(f) => `${f.position}. ${title(f.titles, f.module)}`} />
      )}
      <GroupTable
        id="by-place"
        title={t('reports.byPlace')}
        columns={[t('account.country'), t('account.city'), t('account.organisation'), t('account.organisationKind')]}
        rows={d.byPlace.slice(0, 100).map((g) => ({
          key: `${g.country}|${g.city}|${g.organisation}|${g.organisationKind}`,
          cells: [
            g.country,
            g.city,
            g.organisation,
            g.organisationKind ? t(`account.kinds.${g.organisationKind}`) : null,
          ],
          ...g,
        }))}
        more={Math.max(0, d.byPlace.length - 100)}
      />
      <GroupTable
        id="by-country"
        title={t('reports.byCountry')}
        columns={[t('account.country')]}
        rows={d.byCountry.map((g) => ({ key: String(g.country), cells: [g.country], ...g }))}
      />
      <GroupTable
        id="by-gender"
        title={t('reports.byGender')}
        columns={[t('account.gender')]}
        rows={d.byGender.map((g) => ({
          key: String(g.gender),
          cells: [g.gender ? t(`account.genders.${g.gender}`) : null],
          ...g,
        }))}
      />
      {hidden > 0 && <p className="meta">{t('reports.hiddenGroups', { count: hidden, min: d.minGroup })}</p>}
    </>
  );
}

interface GroupRow {
  key: string;
  cells: (string | null)[];
  enrolments: number;
  completions: number;
  completionRate: number | null;
}

function GroupTable(props: { id: string; title: string; columns: string[]; rows: GroupRow[]; more?: number }) {
  const { t } = useTranslation('staff');
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.rows.length === 0 ? (
        <p>{t('reports.noData')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={props.id}>
          <table>
            <thead>
              <tr>
                {props.columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
                <th scope="col">{t('reports.enrolments')}</th>
                <th scope="col">{t('reports.completions')}</th>
                <th scope="col">{t('reports.completionRate')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.key}>
                  {r.cells.map((c, i) => (
                    <td key={i}>{c ?? t('reports.notStated')}</td>
                  ))}
                  <td>{number(r.enrolments)}</td>
                  <td>{number(r.completions)}</td>
                  <td>{r.completionRate === null ? '–' : `${r.completionRate.toLocaleString()} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.more ? <p className="meta">{t('reports.moreRows', { count: props.more })}</p> : null}
    </section>
  );
}

function Downloads({ course, query, gender }: { course: string; query: string; gender: boolean }) {
  const { t } = useTranslation('staff');
  const [named, setNamed] = useState(false);
  const base = `/api/staff/reports/${encodeURIComponent(course)}`;
  const q = (extra: Record<string, string>) => {
    const p = new URLSearchParams(query);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p.toString();
  };
  const names = named ? 'consented' : 'pseudonym';
  const statements = new URLSearchParams(
    [...new URLSearchParams(query)].filter(([k]) => k === 'from' || k === 'to'),
  ).toString();
  return (
    <section aria-labelledby="downloads">
      <h2 id="downloads">{t('reports.downloads')}</h2>
      <p className="meta">{t('reports.downloadsHint')}</p>
      <h3>{t('reports.completionReport')}</h3>
      {gender ? (
        <p>{t('reports.noGenderList')}</p>
      ) : (
        <>
          <div className="field-check">
            <input id="named" type="checkbox" checked={named} onChange={(e) => setNamed(e.target.checked)} />
            <label htmlFor="named">{t('reports.includeNames')}</label>
          </div>
          <ul className="downloads">
            <li>
              <a href={`${base}/completions?${q({ format: 'csv', names })}`} download>
                {t('reports.downloadCsv', { report: t('reports.completionReport') })}
              </a>
            </li>
            <li>
              <a href={`${base}/completions?${q({ format: 'xlsx', names })}`} download>
                {t('reports.downloadXlsx', { report: t('reports.completionReport') })}
              </a>
            </li>
          </ul>
        </>
      )}
      <h3>{t('reports.aggregateReport')}</h3>
      <ul className="downloads">
        <li>
          <a href={`${base}/aggregate?${q({ format: 'csv' })}`} download>
            {t('reports.downloadCsv', { report: t('reports.aggregateReport') })}
          </a>
        </li>
        <li>
          <a href={`${base}/aggregate?${q({ format: 'xlsx' })}`} download>
            {t('reports.downloadXlsx', { report: t('reports.aggregateReport') })}
          </a>
        </li>
      </ul>
      <h3>{t('reports.statements')}</h3>
      <ul className="downloads">
        <li>
          <a href={`${base}/statements${statements ? `?${statements}` : ''}`} download>
            {t('reports.downloadNdjson')}
          </a>
        </li>
      </ul>
    </section>
  );
}
