/**
 * Atrium's xAPI profile (DESIGN §5): activity IRIs, verbs and statement shapes. Pure functions with
 * no Node or browser dependency, so the server and the learner client build the same statements.
 */
export const PROFILE_IRI = 'urn:atrium:xapi:profile:1.0';
export const PROGRESS_EXTENSION = 'https://w3id.org/xapi/cmi5/result/extensions/progress';
export const VERBS = {
  registered: 'http://adlnet.gov/expapi/verbs/registered',
  experienced: 'http://adlnet.gov/expapi/verbs/experienced',
  progressed: 'http://adlnet.gov/expapi/verbs/progressed',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  voided: 'http://adlnet.gov/expapi/verbs/voided',
} as const;
export type VerbName = keyof typeof VERBS;

export const courseIri = (publicUrl: string, course: string) => `${publicUrl}/courses/${course}`;
export const moduleIri = (publicUrl: string, course: string, module: string) =>
  `${courseIri(publicUrl, course)}/modules/${module}`;
export const stepIri = (publicUrl: string, course: string, module: string, step: string) =>
  `${moduleIri(publicUrl, course, module)}/steps/${step}`;
export const releaseIri = (publicUrl: string, course: string, release: string) =>
  `${courseIri(publicUrl, course)}/releases/${release}`;

const actorOf = (e: { publicUrl: string; userId: string }) => ({
  objectType: 'Agent',
  account: { homePage: e.publicUrl, name: e.userId },
});

export interface LearningEvent {
  publicUrl: string;
  userId: string;
  course: string;
  release: string;
  registration: string;
  language: string;
  /** Omitted for course-level events (registered, course completed). */
  module?: string;
  /** A step of the module: the statement is about the step, with the module as its parent. */
  step?: string;
  verb: VerbName;
  /** 0..1, for progressed. */
  progress?: number;
  /** Course-level `registered` when a learner moves to another release: the release they leave. */
  previousRelease?: string;
}

export const PREVIOUS_RELEASE_EXTENSION = 'urn:atrium:xapi:extension:previous-release';

/** A statement without id and timestamp, which the caller adds when the event happens. */
export function learningStatement(e: LearningEvent) {
  if (e.step !== undefined && e.module !== undefined)
    return stepStatement(e as LearningEvent & { module: string; step: string });
  const isModule = e.module !== undefined;
  return {
    actor: actorOf(e),
    verb: { id: VERBS[e.verb], display: { en: e.verb } },
    object: {
      objectType: 'Activity',
      id: isModule ? moduleIri(e.publicUrl, e.course, e.module!) : courseIri(e.publicUrl, e.course),
      definition: {
        type: isModule ? 'http://adlnet.gov/expapi/activities/module' : 'http://adlnet.gov/expapi/activities/course',
      },
    },
    ...(e.progress !== undefined
      ? { result: { extensions: { [PROGRESS_EXTENSION]: Math.round(e.progress * 100) } } }
      : {}),
    context: {
      registration: e.registration,
      revision: e.release,
      language: e.language,
      ...(e.previousRelease ? { extensions: { [PREVIOUS_RELEASE_EXTENSION]: e.previousRelease } } : {}),
      contextActivities: {
        ...(isModule ? { parent: [{ objectType: 'Activity', id: courseIri(e.publicUrl, e.course) }] } : {}),
        grouping: [{ objectType: 'Activity', id: releaseIri(e.publicUrl, e.course, e.release) }],
        category: [{ objectType: 'Activity', id: PROFILE_IRI }],
      },
    },
  };
}

function stepStatement(e: LearningEvent & { module: string; step: string }) {
  return {
    actor: actorOf(e),
    verb: { id: VERBS[e.verb], display: { en: e.verb } },
    object: {
      objectType: 'Activity',
      id: stepIri(e.publicUrl, e.course, e.module, e.step),
      definition: { type: 'http://adlnet.gov/expapi/activities/lesson' },
    },
    ...(e.progress !== undefined
      ? { result: { extensions: { [PROGRESS_EXTENSION]: Math.round(e.progress * 100) } } }
      : {}),
    context: {
      registration: e.registration,
      revision: e.release,
      language: e.language,
      contextActivities: {
        parent: [{ objectType: 'Activity', id: moduleIri(e.publicUrl, e.course, e.module) }],
        grouping: [
          { objectType: 'Activity', id: courseIri(e.publicUrl, e.course) },
          { objectType: 'Activity', id: releaseIri(e.publicUrl, e.course, e.release) },
        ],
        category: [{ objectType: 'Activity', id: PROFILE_IRI }],
      },
    },
  };
}

export const questionIri = (publicUrl: string, course: string, module: string, quiz: string) =>
  `${moduleIri(publicUrl, course, module)}/questions/${quiz}`;

export interface QuizEvent extends Omit<LearningEvent, 'verb' | 'progress'> {
  module: string;
  quiz: string;
}

const quizContext = (e: QuizEvent) => ({
  registration: e.registration,
  revision: e.release,
  language: e.language,
  contextActivities: {
    parent: [{ objectType: 'Activity', id: moduleIri(e.publicUrl, e.course, e.module!) }],
    grouping: [
      { objectType: 'Activity', id: courseIri(e.publicUrl, e.course) },
      { objectType: 'Activity', id: releaseIri(e.publicUrl, e.course, e.release) },
    ],
    category: [{ objectType: 'Activity', id: PROFILE_IRI }],
  },
});

/** `answered` for one question of a quiz (a choice interaction); `response` lists the chosen options. */
export function answeredStatement(e: QuizEvent & { question: number; chosen: number[]; success: boolean }) {
  return {
    actor: actorOf(e),
    verb: { id: VERBS.answered, display: { en: 'answered' } },
    object: {
      objectType: 'Activity',
      id: `${questionIri(e.publicUrl, e.course, e.module, e.quiz)}/${e.question + 1}`,
      definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice' },
    },
    result: { success: e.success, response: e.chosen.map((c) => `option-${c}`).join('[,]') },
    context: quizContext(e),
  };
}

/** `passed` or `failed` for a whole quiz, with its scaled score. */
export function quizOutcomeStatement(e: QuizEvent & { right: number; total: number; passed: boolean }) {
  return {
    actor: actorOf(e),
    verb: { id: VERBS[e.passed ? 'passed' : 'failed'], display: { en: e.passed ? 'passed' : 'failed' } },
    object: {
      objectType: 'Activity',
      id: questionIri(e.publicUrl, e.course, e.module, e.quiz),
      definition: { type: 'http://adlnet.gov/expapi/activities/assessment' },
    },
    result: {
      success: e.passed,
      score: { scaled: e.total ? e.right / e.total : 0, raw: e.right, min: 0, max: e.total },
    },
    context: quizContext(e),
  };
}

/** Reads a module activity IRI back into course and module ids; undefined for any other IRI. */
export function parseModuleIri(publicUrl: string, iri: string): { course: string; module: string } | undefined {
  if (!iri.startsWith(`${publicUrl}/courses/`)) return undefined;
  const m = /^([a-z0-9-]+)\/modules\/([a-z0-9-]+)$/.exec(iri.slice(publicUrl.length + '/courses/'.length));
  return m ? { course: m[1], module: m[2] } : undefined;
}

/** Reads a step activity IRI back into course, module and step ids; undefined for any other IRI. */
export function parseStepIri(
  publicUrl: string,
  iri: string,
): { course: string; module: string; step: string } | undefined {
  if (!iri.startsWith(`${publicUrl}/courses/`)) return undefined;
  const m = /^([a-z0-9-]+)\/modules\/([a-z0-9-]+)\/steps\/([a-z0-9-]+)$/.exec(
    iri.slice(publicUrl.length + '/courses/'.length),
  );
  return m ? { course: m[1], module: m[2], step: m[3] } : undefined;
}
