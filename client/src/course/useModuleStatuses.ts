import { api, type Enrolled } from '../api/client';
import { useApi } from '../api/useApi';
import { guestVisited } from '../app/progress';
import { useAuth } from '../auth/AuthContext';

export type ModuleStatus = Enrolled['modules'][number]['status'];

/**
 * Each module's status: from the learner's enrolment when this is their edition, else from what
 * this browser (a guest) or account has opened.
 */
export function useModuleStatuses(courseId: string, releaseId: string, progress: Enrolled | null) {
  const { user } = useAuth();
  const opened = useApi(
    async (signal) =>
      user
        ? new Set((await api.visited(courseId, releaseId, signal)).visited.map((v) => v.module))
        : guestVisited(courseId, releaseId),
    [courseId, releaseId, user?.id],
  );
  const visited = opened.status === 'ready' ? opened.data : new Set<string>();
  const statusOf = (id: string): ModuleStatus =>
    progress?.modules.find((m) => m.id === id)?.status ?? (visited.has(id) ? 'in-progress' : 'not-started');
  return { statusOf, visited };
}
