import { Router } from 'express';
import type { Request, Response } from 'express';
import type { PartnerContext } from '../context.ts';
import { pageFrame, sendPage } from '../http/sendPage.ts';
import { privacyPage } from '../pages/privacyPage.ts';
import { DELEGATED_RECOVERY_CONFIGURATION_PATH } from '../tokens/issuerConfiguration.ts';
import { ICON_PATH, PRIVACY_POLICY_PATH, delegatedRecoveryConfiguration } from './delegatedRecoveryConfiguration.ts';
import { icon152Png } from './icon152.ts';

/** The public documents: the delegated-recovery configuration, its privacy policy and icon. */
export function wellKnownRoutes(ctx: PartnerContext): Router {
  const router = Router();
  const configuration = delegatedRecoveryConfiguration(ctx.config);

  router.get(DELEGATED_RECOVERY_CONFIGURATION_PATH, (_req: Request, res: Response) => {
    res.set('Cache-Control', 'public, max-age=300').json(configuration);
  });

  router.get(ICON_PATH, (_req: Request, res: Response) => {
    // Sites that keep tokens here show this icon beside "Connect with …" (helmet's default is same-origin).
    res.set({ 'Cache-Control': 'public, max-age=86400', 'Cross-Origin-Resource-Policy': 'cross-origin' }).type('png').send(icon152Png());
  });

  router.get(PRIVACY_POLICY_PATH, (req: Request, res: Response) => {
    sendPage(res, pageFrame(ctx, req, res), privacyPage(ctx.config.displayName));
  });

  return router;
}
