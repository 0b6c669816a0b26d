import { Router } from 'express';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/middleware';
import { ZLangQuery } from '../catalog/schema';
import type { Db } from '../lib/db';
import { requestedLocales } from '../lib/i18n/negotiate';
import { CERTIFICATE_CODE } from './service';
import * as service from './service';

const ZCode = z.object({
  code: z
    .string()
    // Codes are typed from paper: lower case, spaces and missing dashes are all accepted.
    .transform((c) =>
      c
        .toUpperCase()
        .replace(/[\s-]/g, '')
        .replace(/^(.{4})(.{4})(.{4})$/, '$1-$2-$3'),
    )
    .pipe(z.string().regex(CERTIFICATE_CODE, 'a certificate code looks like ABCD-EFGH-JKLM')),
});
const ZRevoke = z
  .object({ reason: z.string().trim().min(3, 'say why the certificate is revoked').max(500, 'at most 500 characters') })
  .strict();

export function certificateRoutes(db: Db, publicUrl: string): Router {
  const router = Router();
  const locale = (req: Parameters<typeof requestedLocales>[0]) =>
    requestedLocales(req, ZLangQuery.parse(req.query).lang)[0] ?? 'en';

  router.get('/verify/:code', async (req, res) => {
    const { code } = ZCode.parse(req.params);
    res.set('Cache-Control', 'no-store').json(await service.verify(db, code, locale(req)));
  });

  router.get('/me/certificates/:code/pdf', async (req, res) => {
    const user = requireUser(req);
    const { code } = ZCode.parse(req.params);
    const pdf = await service.pdfFor(db, user.id, code, locale(req), publicUrl);
    res
      .set({
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="atrium-certificate-${code}.pdf"`,
        'Cache-Control': 'no-store',
      })
      .send(pdf);
  });

  router.post('/staff/certificates/:code/revoke', requireRole('staff', 'admin'), async (req, res) => {
    const { code } = ZCode.parse(req.params);
    await service.revoke(db, code, ZRevoke.parse(req.body).reason);
    res.status(204).end();
  });

  return router;
}
