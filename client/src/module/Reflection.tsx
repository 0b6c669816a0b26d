import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

const PREFIX = 'atrium.reflection.';

/** A private answer, kept only in this browser until accounts store it. */
export function Reflection({ storageKey, lang }: { storageKey: string; lang: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => localStorage.getItem(PREFIX + storageKey) ?? '');
  useEffect(() => {
    const timer = setTimeout(() => localStorage.setItem(PREFIX + storageKey, text), 400);
    return () => clearTimeout(timer);
  }, [storageKey, text]);
  return (
    <div className="reflection-answer" lang={lang}>
      <label htmlFor={id}>{t('reflection.label')}</label>
      <textarea id={id} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      <p className="meta">{t('reflection.private')}</p>
    </div>
  );
}
