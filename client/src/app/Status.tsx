import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { Loadable } from '../api/useApi';

/** Loading and error states, announced to screen readers; renders children once the data is there. */
export function Status<T>({ state, children }: { state: Loadable<T>; children: (data: T) => React.ReactNode }) {
  const { t } = useTranslation();
  if (state.status === 'loading')
    return (
      <p role="status" className="status">
        {t('status.loading')}
      </p>
    );
  if (state.status === 'error') {
    const code = state.error instanceof ApiError ? state.error.code : 'internal';
    return (
      <div role="alert" className="status status-error">
        <h1>{t(`errors.${code}`, { defaultValue: t('errors.internal') })}</h1>
        <p>{state.error.message}</p>
      </div>
    );
  }
  return <>{children(state.data)}</>;
}
