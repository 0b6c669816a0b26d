import type { Response } from 'express';
import { Router } from 'express';
import { requireRole, requireUser } from '../auth/middleware';
import type { Db } from '../lib/db';
import * as exporter from './exports';
import {
  ZAggregateQuery,
  ZCompletionQuery,
  ZCourseParam,
  ZDashboardQuery,
  ZModuleParam,
  ZStatementQuery,
  ZStepFunnelQuery,
} from './schema';
import * as service from './service';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ndjson: 'application/x-ndjson; charset=utf-8',
} as const;

function download(res: Response, name: string, format: keyof typeof TYPES): void {
  res.set({
    'Content-Type': TYPES[format],
    'Content-Disposition': `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.${format}"`,
    'Cache-Control': 'no-store',
  });
}

/**
 * Streams an export. Before the first byte a failure is an ordinary JSON error; after it, the only
 * honest signal left is to cut the connection, so the client sees an incomplete download.
 */
async function streamed(res: Response, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!res.headersSent) {
      res.removeHeader('Content-Disposition');
      throw err;
    }
    res.destroy(err as Error);
  }
}

export function reportRoutes(db: Db, publicUrl: string): Router {
  const router = Router();
  router.use('/staff', requireRole('staff', 'admin'));

  router.get('/staff/summary', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await service.summary(db));
  });

  router.get('/staff/reports/:course/dashboard', async (req, res) => {
    const { course } = ZCourseParam.parse(req.params);
    res.set('Cache-Control', 'no-store').json(await service.dashboard(db, course, ZDashboardQuery.parse(req.query)));
  });

  router.get('/staff/reports/:course/modules/:module/steps', async (req, res) => {
    const { course, module } = ZModuleParam.parse(req.params);
    const { lang, ...filters } = ZStepFunnelQuery.parse(req.query);
    res.set('Cache-Control', 'no-store').json(await service.stepFunnel(db, course, module, filters, lang));
  });

  router.get('/staff/reports/:course/completions', async (req, res) => {
    const { course } = ZCourseParam.parse(req.params);
    const options = ZCompletionQuery.parse(req.query);
    const requester = { userId: requireUser(req).id };
    await streamed(res, async () => {
      await service.resolveScope(db, course, options);
      download(res, `completions-${course}`, options.format);
      await exporter.exportCompletions(db, { course, requester, out: res }, options);
    });
  });

  router.get('/staff/reports/:course/aggregate', async (req, res) => {
    const { course } = ZCourseParam.parse(req.params);
    const options = ZAggregateQuery.parse(req.query);
    const requester = { userId: requireUser(req).id };
    await streamed(res, async () => {
      await service.resolveScope(db, course, options);
      download(res, `summary-${course}`, options.format);
      await exporter.exportAggregate(db, { course, requester, out: res }, options);
    });
  });

  router.get('/staff/reports/:course/statements', async (req, res) => {
    const { course } = ZCourseParam.parse(req.params);
    const options = ZStatementQuery.parse(req.query);
    const requester = { userId: requireUser(req).id };
    await streamed(res, async () => {
      await service.resolveScope(db, course, {});
      download(res, `statements-${course}`, 'ndjson');
      await exporter.exportStatements(db, publicUrl, { course, requester, out: res }, options);
    });
  });

  return router;
}
