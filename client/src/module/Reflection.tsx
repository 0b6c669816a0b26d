import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Module } from '../api/client';
import type { ReflectionStore } from './useReflections';

const PREFIX = 'atrium.reflection.';
type Saving = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * A private answer: kept in the learner's account when signed in (and shown again on any device), in
 * this browser for a guest.
 */
export function Reflection({
  id: reflectionId,
  module,
  store,
  lang,
}: {
  id: string;
  module: Module;
  store: ReflectionStore;
  lang: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const localKey = `${PREFIX}${module.courseId}/${reflectionId}`;
  const inAccount = Boolean(store.save);
  const [text, setText] = useState(() => (inAccount ? '' : (localStorage.getItem(localKey) ?? '')));
  const [saving, setSaving] = useState<Saving>('idle');
  const edited = useRef(false);
  const save = store.save;

  // The account's copy arrives after the page; it fills the box unless the learner already typed.
  useEffect(() => {
    const stored = store.saved?.get(reflectionId);
    if (stored !== undefined && !edited.current) setText(stored);
  }, [store.saved, reflectionId]);

  useEffect(() => {
    if (!edited.current) return;
    const timer = setTimeout(() => {
      if (!save) {
        localStorage.setItem(localKey, text);
        return;
      }
      setSaving('saving');
      save(reflectionId, text).then(
        () => setSaving('saved'),
        () => setSaving('failed'),
      );
    }, 600);
    return () => clearTimeout(timer);
  }, [text, localKey, reflectionId, save]);

  return (
    <div className="reflection-answer" lang={lang}>
      <label htmlFor={id}>{t('reflection.label')}</label>
      <textarea
        id={id}
        rows={4}
        value={text}
        onChange={(e) => {
          edited.current = true;
          setText(e.target.value);
        }}
      />
      <p className="meta" aria-live="polite">
        {inAccount ? t('reflection.privateAccount') : t('reflection.private')}{' '}
        {saving === 'saved' && t('reflection.saved')}
        {saving === 'failed' && t('reflection.failed')}
      </p>
    </div>
  );
}
