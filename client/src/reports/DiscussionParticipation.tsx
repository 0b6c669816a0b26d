import { useTranslation } from 'react-i18next';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { discussionApi } from '../discussion/api';
import { BarChart } from './charts';

/** Comments and people commenting per module and step: counts only, never what was written. */
export function DiscussionParticipation({ course }: { course: string }) {
  const { t, i18n } = useTranslation('staff');
  const state = useApi((signal) => discussionApi.participation(course, signal), [course]);
  return (
    <section aria-labelledby="discussions">
      <h2 id="discussions">{t('reports.discussions')}</h2>
      <p className="meta">{t('reports.discussionsHint')}</p>
      <Status state={state} part>
        {(report) => {
          if (!report.places.length) return <p>{t('reports.noDiscussions')}</p>;
          const label = (p: (typeof report.places)[number]) => {
            const title = p.titles[i18n.language] ?? p.titles.en ?? p.module;
            const module = p.position === null ? title : `${p.position}. ${title}`;
            return p.step === 'all' ? module : t('reports.moduleStep', { module, step: p.step });
          };
          const comments = report.places.reduce((n, p) => n + p.comments, 0);
          return (
            <BarChart
              title={t('reports.discussions')}
              categoryLabel={t('reports.place')}
              summary={t('reports.discussionsSummary', { places: report.places.length, comments })}
              categories={report.places.map(label)}
              series={[
                { label: t('reports.comments'), colour: 1, values: report.places.map((p) => p.comments) },
                { label: t('reports.participants'), colour: 2, values: report.places.map((p) => p.participants) },
              ]}
            />
          );
        }}
      </Status>
    </section>
  );
}
