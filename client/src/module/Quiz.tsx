import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Module, type QuizResult } from '../api/client';
import { recordGuestQuiz } from '../app/progress';
import { errorText } from '../app/errorText';

type PublicQuiz = Module['quizzes'][number];

export function Quiz({ module, quiz, lang }: { module: Module; quiz: PublicQuiz; lang: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [answers, setAnswers] = useState<number[][]>(() => quiz.questions.map(() => []));
  const [result, setResult] = useState<QuizResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const outcome = useRef<HTMLParagraphElement>(null);
  // After "Check my answers", the keyboard and the screen reader go to the result, not back to the page top.
  useEffect(() => {
    if (result) outcome.current?.focus();
  }, [result]);

  const choose = (qi: number, oi: number, multiple: boolean, checked: boolean) => {
    setAnswers((prev) =>
      prev.map((a, i) => (i !== qi ? a : multiple ? (checked ? [...a, oi] : a.filter((x) => x !== oi)) : [oi])),
    );
    setResult(undefined);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const missing = answers.findIndex((a) => a.length === 0);
    if (missing >= 0) {
      setError(t('quiz.answerAll', { number: missing + 1 }));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const checked = await api.checkQuiz(
        module.courseId,
        module.releaseId,
        module.id,
        quiz.id,
        module.locale,
        answers,
      );
      setResult(checked);
      // A signed-in learner's answers are recorded by the server; a guest's best answers stay here.
      if (!checked.recorded)
        recordGuestQuiz({
          course: module.courseId,
          release: module.releaseId,
          module: module.id,
          quiz: quiz.id,
          answers,
          score: checked.score,
          at: new Date().toISOString(),
        });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="quiz-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} lang={lang}>
        {t('quiz.title')}
      </h3>
      {quiz.questions.map((question, qi) => {
        const outcome = result?.results[qi];
        return (
          <fieldset key={qi} className="quiz-question">
            <legend>
              <span className="quiz-number" lang={lang}>
                {t('quiz.question', { number: qi + 1, count: quiz.questions.length })}
              </span>{' '}
              <span dangerouslySetInnerHTML={{ __html: question.prompt }} />
            </legend>
            {question.options.map((option, oi) => {
              const inputId = `${id}-${qi}-${oi}`;
              const feedback = outcome?.feedback.find((f) => f.option === oi);
              return (
                <div key={oi} className="quiz-option">
                  <input
                    id={inputId}
                    type={question.multiple ? 'checkbox' : 'radio'}
                    name={`${id}-${qi}`}
                    checked={answers[qi].includes(oi)}
                    onChange={(e) => choose(qi, oi, question.multiple, e.target.checked)}
                    aria-describedby={feedback ? `${inputId}-fb` : undefined}
                  />
                  <label htmlFor={inputId} dangerouslySetInnerHTML={{ __html: option.text }} />
                  {feedback && (
                    <p
                      id={`${inputId}-fb`}
                      className={feedback.correct ? 'feedback feedback-right' : 'feedback feedback-wrong'}
                    >
                      {/* A mark, not a second sentence: the author's feedback often begins with its own "No." */}
                      <span className="feedback-mark" aria-hidden="true">
                        {feedback.correct ? '✓' : '✗'}
                      </span>
                      <span className="visually-hidden" lang={lang}>
                        {feedback.correct ? t('quiz.right') : t('quiz.wrong')}
                      </span>{' '}
                      <span dangerouslySetInnerHTML={{ __html: feedback.html }} />
                    </p>
                  )}
                </div>
              );
            })}
          </fieldset>
        );
      })}
      <div aria-live="polite" lang={lang}>
        {error && <p className="feedback feedback-wrong">{error}</p>}
        {result && (
          <p
            ref={outcome}
            tabIndex={-1}
            className={result.passed ? 'quiz-score feedback-right' : 'quiz-score feedback-wrong'}
          >
            {t(result.passed ? 'quiz.passed' : 'quiz.notPassed', {
              right: result.results.filter((r) => r.correct).length,
              count: result.results.length,
            })}
          </p>
        )}
        {result?.recorded && result.modulesCompleted.includes(module.id) && (
          <p className="notice">{t('quiz.moduleCompleted')}</p>
        )}
        {result?.recorded && result.certificate && (
          <p className="notice certificate">
            {t('learning.completed')}{' '}
            <a href={api.certificatePdfUrl(result.certificate, i18n.language)} download>
              {t('learning.downloadCertificate')}
            </a>
          </p>
        )}
      </div>
      <button type="submit" disabled={busy} lang={lang}>
        {result ? t('quiz.checkAgain') : t('quiz.check')}
      </button>
    </form>
  );
}
