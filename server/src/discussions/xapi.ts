import { courseIri, moduleIri, PROFILE_IRI } from '../xapi/profile';

export const COMMENTED = 'http://adlnet.gov/expapi/verbs/commented';

/** The step a discussion sits beside, as an xAPI activity; the module itself while it is one step. */
export const stepIri = (publicUrl: string, course: string, module: string, step: string) =>
  step === 'all' ? moduleIri(publicUrl, course, module) : `${moduleIri(publicUrl, course, module)}/steps/${step}`;

/**
 * `commented` on the step, with the comment's id as the response and never its text: statements are
 * forwarded to other systems, where an erased or moderated comment could not be taken back.
 */
export function commentedStatement(e: {
  publicUrl: string;
  userId: string;
  courseId: string;
  moduleId: string;
  stepId: string;
  language: string;
  commentId: string;
}) {
  return {
    actor: { objectType: 'Agent', account: { homePage: e.publicUrl, name: e.userId } },
    verb: { id: COMMENTED, display: { en: 'commented' } },
    object: {
      objectType: 'Activity',
      id: stepIri(e.publicUrl, e.courseId, e.moduleId, e.stepId),
      definition: { type: 'http://adlnet.gov/expapi/activities/module' },
    },
    result: { response: e.commentId },
    context: {
      language: e.language,
      contextActivities: {
        ...(e.stepId === 'all'
          ? { parent: [{ objectType: 'Activity', id: courseIri(e.publicUrl, e.courseId) }] }
          : { parent: [{ objectType: 'Activity', id: moduleIri(e.publicUrl, e.courseId, e.moduleId) }] }),
        category: [{ objectType: 'Activity', id: PROFILE_IRI }],
      },
    },
  };
}
