import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Dashboard } from '../api/client';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { BarChart } from './charts';

/** The address parameter naming the module whose steps are shown. */
const PARAM = 'steps';

/**
 * The funnel one level down: pick a module of the funnel and see, step by step, how many learners
 * opened each step and read it to the end, so staff find the step that loses learners.
 */
export function StepFunnel({
  d,
  query,
  title,
}: {
  d: Dashboard;
  query: string;
  title: (m: Dashboard['funnel'][number]) => string;
}) {
  const { t, i18n } = useTranslation('staff');
  const [params, setParams] = useSearchParams();
  const selectId = useId();
  const chosen = d.funnel.find((f) => f.module === params.get(PARAM))?.module ?? '';
  const choose = (module: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (module) next.set(PARAM, module);
        else next.delete(PARAM);
        return next;
      },
      { replace: true },
    );
  return (
    <section aria-labelledby="step-funnel">
      <h2 id="step-funnel">{t('reports.stepFunnel')}</h2>
      <p className="meta">{t('reports.stepFunnelHint')}</p>
      <div className="field">
        <label htmlFor={selectId}>{t('reports.stepFunnelModule')}</label>
        <select id={selectId} value={chosen} onChange={(e) => choose(e.target.value)}>
          <option value="">{t('reports.stepFunnelNone')}</option>
          {d.funnel.map((f) => (
            <option key={f.module} value={f.module}>
              {title(f)}
            </option>
          ))}
        </select>
      </div>
      {chosen && <Steps course={d.course} module={chosen} query={`${query}&lang=${i18n.language}`} />}
    </section>
  );
}

function Steps({ course, module, query }: { course: string; module: string; query: string }) {
  const { t } = useTranslation('staff');
  const state = useApi((signal) => api.stepFunnel(course, module, query, signal), [course, module, query]);
  return (
    <Status state={state}>
      {(s) =>
        s.steps.length ? (
          <>
            <BarChart
              title={t('reports.stepFunnelOf', { module: s.module.title })}
              categoryLabel={t('reports.step')}
              summary={t('reports.stepFunnelSummary', { steps: s.steps.length, release: s.release })}
              categories={s.steps.map((step) => `${step.position}. ${step.title}`)}
              series={[
                { label: t('reports.started'), colour: 1, values: s.steps.map((step) => step.opened) },
                { label: t('reports.readToEnd'), colour: 2, values: s.steps.map((step) => step.read) },
              ]}
            />
            {s.hidden > 0 && <p className="meta">{t('reports.hiddenSteps', { count: s.hidden, min: s.minGroup })}</p>}
          </>
        ) : (
          <p>{t('reports.noData')}</p>
        )
      }
    </Status>
  );
}
