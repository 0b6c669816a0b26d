/** A text in each language it is written in, by locale. */
export type LocaleMap = Record<string, string>;

/** A problem found in course content, located by line (1-based, in the file as written). */
export interface ContentProblem {
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface ModuleFrontMatter {
  id: string;
  title: string;
  minutes: number;
  objectives: string[];
  translatedFrom?: string;
}

export interface QuizOption {
  /** Inline HTML of the option text. */
  text: string;
  correct: boolean;
  /** Inline HTML of the feedback shown when this option was chosen. */
  feedback: string;
}

export interface QuizQuestion {
  prompt: string;
  multiple: boolean;
  options: QuizOption[];
}

export interface QuizDefinition {
  id: string;
  line: number;
  questions: QuizQuestion[];
}

/** What a learner's browser receives before answering: no correct flags, no feedback. */
export interface PublicQuiz {
  id: string;
  questions: { prompt: string; multiple: boolean; options: { text: string }[] }[];
}

export function toPublicQuiz(quiz: QuizDefinition): PublicQuiz {
  return {
    id: quiz.id,
    questions: quiz.questions.map((q) => ({
      prompt: q.prompt,
      multiple: q.multiple,
      options: q.options.map((o) => ({ text: o.text })),
    })),
  };
}
