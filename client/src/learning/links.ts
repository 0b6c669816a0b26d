/** Where a learner resumes: the module, opened at the section they were reading. */
export function moduleUrl(course: string, release: string, module: string, place?: string | null): string {
  const url = `/courses/${course}/releases/${release}/modules/${module}`;
  return place && place !== 'start' ? `${url}?at=${encodeURIComponent(place)}` : url;
}
