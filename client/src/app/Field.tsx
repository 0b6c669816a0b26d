import { useId } from 'react';
import { useTranslation } from 'react-i18next';

interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: string;
}

/** A labelled input; the hint is read out with the field. */
export function Field({ label, hint, ...input }: FieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <p id={`${id}-hint`} className="meta">
          {hint}
        </p>
      )}
    </div>
  );
}

export function FormMessage({ error, success }: { error?: string; success?: string }) {
  return (
    <div aria-live="polite">
      {error && (
        <p role="alert" className="feedback-wrong">
          {error}
        </p>
      )}
      {success && <p className="feedback-right">{success}</p>}
    </div>
  );
}

/** A new password, with the rule it must meet. */
export function NewPasswordField({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <Field
      label={label}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      minLength={10}
      hint={t('auth.passwordHint')}
    />
  );
}
