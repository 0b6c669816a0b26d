import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../api/client';

export const FILTERS = ['release', 'language', 'country', 'city', 'organisationKind', 'gender', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
type Values = Partial<Record<Filter, string>>;

function Select(props: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation('staff');
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{t('reports.all')}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The dashboard's filters; applied together with one button, so each change does not reload the figures. */
export function FilterForm({ dashboard, onApply }: { dashboard: Dashboard; onApply: (values: Values) => void }) {
  const { t } = useTranslation('staff');
  const initial = Object.fromEntries(FILTERS.map((f) => [f, dashboard.filters[f] ?? ''])) as Record<Filter, string>;
  const [values, setValues] = useState(initial);
  const set = (f: Filter) => (v: string) => setValues((old) => ({ ...old, [f]: v }));
  const ids = { city: useId(), cities: useId(), from: useId(), to: useId() };
  const o = dashboard.options;
  const plain = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));
  return (
    <form
      className="filters"
      aria-label={t('reports.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(Object.fromEntries(Object.entries(values).filter(([, v]) => v)));
      }}
    >
      <Select
        label={t('reports.release')}
        value={values.release}
        options={plain(o.releases)}
        onChange={set('release')}
      />
      <Select
        label={t('reports.language')}
        value={values.language}
        options={plain(o.languages)}
        onChange={set('language')}
      />
      <Select
        label={t('account.country')}
        value={values.country}
        options={plain(o.countries)}
        onChange={set('country')}
      />
      <div className="field">
        <label htmlFor={ids.city}>{t('account.city')}</label>
        <input id={ids.city} list={ids.cities} value={values.city} onChange={(e) => set('city')(e.target.value)} />
        <datalist id={ids.cities}>
          {o.cities.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </div>
      <Select
        label={t('account.organisationKind')}
        value={values.organisationKind}
        options={o.organisationKinds.map((k) => ({ value: k, label: t(`account.kinds.${k}`) }))}
        onChange={set('organisationKind')}
      />
      <Select
        label={t('account.gender')}
        value={values.gender}
        options={o.genders.map((g) => ({ value: g, label: t(`account.genders.${g}`) }))}
        onChange={set('gender')}
      />
      <div className="field">
        <label htmlFor={ids.from}>{t('reports.from')}</label>
        <input id={ids.from} type="date" value={values.from} onChange={(e) => set('from')(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.to}>{t('reports.to')}</label>
        <input id={ids.to} type="date" value={values.to} onChange={(e) => set('to')(e.target.value)} />
      </div>
      <div className="filter-buttons">
        <button type="submit">{t('reports.apply')}</button>
        <button type="button" className="button-secondary" onClick={() => onApply({})}>
          {t('reports.clear')}
        </button>
      </div>
    </form>
  );
}
