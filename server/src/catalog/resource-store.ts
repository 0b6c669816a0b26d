import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../lib/db/index';
import { releaseGlossaries, releaseResources } from '../lib/db/schema';

export type ResourceRecord = typeof releaseResources.$inferSelect;
export type GlossaryRecord = typeof releaseGlossaries.$inferSelect;

export async function listResources(db: Executor, courseId: string, releaseId: string): Promise<ResourceRecord[]> {
  return db
    .select()
    .from(releaseResources)
    .where(and(eq(releaseResources.courseId, courseId), eq(releaseResources.releaseId, releaseId)))
    .orderBy(asc(releaseResources.resourceId), asc(releaseResources.locale));
}

export async function listGlossaries(db: Executor, courseId: string, releaseId: string): Promise<GlossaryRecord[]> {
  return db
    .select()
    .from(releaseGlossaries)
    .where(and(eq(releaseGlossaries.courseId, courseId), eq(releaseGlossaries.releaseId, releaseId)));
}
