import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorText } from './errorText';
import type { Loadable } from '../api/useApi';
import { NotFoundPage } from './NotFoundPage';

/**
 * Loading and error states, announced to screen readers; renders children once the data is there.
 * Something that does not exist (an unknown course, release or module) gets the "Page not found" page;
 * `part` marks a part of a page (such as the outline), which then says nothing of its own about it.
 */
export function Status<T>({
  state,
  children,
  part = false,
}: {
  state: Loadable<T>;
  children: (data: T) => React.ReactNode;
  part?: boolean;
}) {
  const { t } = useTranslation();
  if (state.status === 'loading')
    return (
      <p role="status" className="status">
        {t('status.loading')}
      </p>
    );
  if (state.status === 'error') {
    const code = state.error instanceof ApiError ? state.error.code : 'internal';
    if (code === 'not_found') return part ? null : <NotFoundPage />;
    return (
      <div role="alert" className="status status-error">
        <h1>{t(`errors.${code}`, { defaultValue: t('errors.internal') })}</h1>
        <p>{errorText(t, state.error)}</p>
      </div>
    );
  }
  return <>{children(state.data)}</>;
}
