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
export const releaseIri = (publicUrl: string, course: string, release: string) =>
  `${courseIri(publicUrl, course)}/releases/${release}`;

export interface LearningEvent {
  publicUrl: string;
  userId: string;
  course: string;
  release: string;
  registration: string;
  language: string;
  /** Omitted for course-level events (registered, course completed). */
  module?: string;
  verb: VerbName;
  /** 0..1, for progressed. */
  progress?: number;
}

/** A statement without id and timestamp, which the caller adds when the event happens. */
export function learningStatement(e: LearningEvent) {
  const isModule = e.module !== undefined;
  return {
    actor: { objectType: 'Agent', account: { homePage: e.publicUrl, name: e.userId } },
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
      contextActivities: {
        ...(isModule ? { parent: [{ objectType: 'Activity', id: courseIri(e.publicUrl, e.course) }] } : {}),
        grouping: [{ objectType: 'Activity', id: releaseIri(e.publicUrl, e.course, e.release) }],
        category: [{ objectType: 'Activity', id: PROFILE_IRI }],
      },
    },
  };
}

/** Reads a module activity IRI back into course and module ids; undefined for any other IRI. */
export function parseModuleIri(publicUrl: string, iri: string): { course: string; module: string } | undefined {
  if (!iri.startsWith(`${publicUrl}/courses/`)) return undefined;
  const m = /^([a-z0-9-]+)\/modules\/([a-z0-9-]+)$/.exec(iri.slice(publicUrl.length + '/courses/'.length));
  return m ? { course: m[1], module: m[2] } : undefined;
}
