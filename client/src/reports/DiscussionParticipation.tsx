import { useTranslation } from 'react-i18next';
import { useApi } from '../api/useApi';
import { Status } from '../app/Status';
import { discussionApi, type Participation } from '../discussion/api';
import { TableBox } from '../ui';
import { BarChart } from './charts';

type Place = Participation['places'][number];

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
          const hidden = report.places.reduce((n, p) => n + p.byGender.hiddenGroups + p.byCountry.hiddenGroups, 0);
          return (
            <>
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
              <SplitTable
                title={t('reports.discussionsByCountry')}
                groupLabel={t('account.country')}
                places={report.places}
                label={label}
                groups={(p) => p.byCountry.groups}
                name={(g) => (g === 'unknown' ? t('reports.notStated') : g)}
              />
              <SplitTable
                title={t('reports.discussionsByGender')}
                groupLabel={t('account.gender')}
                places={report.places}
                label={label}
                groups={(p) => p.byGender.groups}
                name={(g) => (g === 'unknown' ? t('reports.notStated') : t(`account.genders.${g}`))}
              />
              {hidden > 0 && (
                <p className="meta">{t('reports.hiddenGroups', { count: hidden, min: report.minGroup })}</p>
              )}
            </>
          );
        }}
      </Status>
    </section>
  );
}

/** Comments per module and step and group, only for groups of at least the reports' minimum size. */
function SplitTable(props: {
  title: string;
  groupLabel: string;
  places: Place[];
  label: (p: Place) => string;
  groups: (p: Place) => { group: string; comments: number; participants: number }[];
  name: (group: string) => string;
}) {
  const { t, i18n } = useTranslation('staff');
  const rows = props.places.flatMap((p) => props.groups(p).map((g) => ({ place: props.label(p), ...g })));
  return (
    <>
      <h3>{props.title}</h3>
      {rows.length === 0 ? (
        <p>{t('reports.noData')}</p>
      ) : (
        <TableBox label={props.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reports.place')}</th>
                <th scope="col">{props.groupLabel}</th>
                <th scope="col">{t('reports.comments')}</th>
                <th scope="col">{t('reports.participants')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.place}|${r.group}`}>
                  <th scope="row">{r.place}</th>
                  <td>{props.name(r.group)}</td>
                  <td>{r.comments.toLocaleString(i18n.language)}</td>
                  <td>{r.participants.toLocaleString(i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
    </>
  );
}
