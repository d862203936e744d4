import { Router } from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { jsonBody, parseInput } from '@recovery/http';
import type { PartnerContext } from '../context.ts';
import { RECOVER_SCOPE, SAVE_SCOPE } from '../oidc/scopes.ts';
import { BearerError } from './BearerError.ts';
import { authenticateAccessToken } from './authenticateAccessToken.ts';
import type { TokenApiGrant } from './authenticateAccessToken.ts';
import { countersignRecoveryToken } from './countersignRecoveryToken.ts';
import { saveRecoveryToken } from './saveRecoveryToken.ts';
import { countersignRequest, saveTokenRequest } from './tokenApiSchemas.ts';
import type { CountersignResponse, SaveTokenResponse } from './tokenApiSchemas.ts';
import { base64LengthFor } from './tokenSizes.ts';

const grantKey = Symbol('tokenApiGrant');
type WithGrant = Response & { locals: { [grantKey]?: TokenApiGrant } };

function grantOf(res: Response): TokenApiGrant {
  const grant = (res as WithGrant).locals[grantKey];
  if (!grant) throw new BearerError('unauthenticated', 'Send an access token: Authorization: Bearer <token>');
  return grant;
}

/** Accepts the request only with a valid access token carrying `scope`. */
function requireAccessToken(ctx: PartnerContext, scope: string): RequestHandler {
  return async (req, res, next) => {
    try {
      (res as WithGrant).locals[grantKey] = await authenticateAccessToken(ctx, req.get('authorization'), scope);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** RFC 6750: a refused access token is answered with its WWW-Authenticate challenge. */
const bearerChallenge: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof BearerError) res.set('WWW-Authenticate', error.challenge);
  next(error);
};

/**
 * The token store API, for the account service holding an access token from this provider:
 * - POST /api/recovery-tokens (scope recovery_token.save): `{ token, keep? }` → 201
 *   `{ status: "save-success", id }`; `keep` lists the issuer's live tokens, the rest are removed
 * - POST /api/recovery-tokens/countersign (scope recovery_token.recover): `{ tokenId? }` or no
 *   body → 200 `{ status: "recover-success", tokenId, countersignedToken }`
 */
export function tokenApiRoutes(ctx: PartnerContext): Router {
  const router = Router();
  const saveBody = jsonBody(String(base64LengthFor(ctx.config.tokenMaxSize) + 1024));

  router.post('/api/recovery-tokens', requireAccessToken(ctx, SAVE_SCOPE), ...saveBody, async (req: Request, res: Response) => {
    const input = parseInput(saveTokenRequest, req.body ?? {});
    const saved = await saveRecoveryToken(ctx, grantOf(res).accountId, input.token, input.keep);
    const body: SaveTokenResponse = { status: 'save-success', id: saved.id };
    res.status(201).set('Cache-Control', 'no-store').json(body);
  });

  router.post('/api/recovery-tokens/countersign', requireAccessToken(ctx, RECOVER_SCOPE), ...jsonBody('4kb'), async (req: Request, res: Response) => {
    const input = parseInput(countersignRequest, req.body ?? {});
    const result = await countersignRecoveryToken(ctx, grantOf(res), input.tokenId);
    const body: CountersignResponse = { status: 'recover-success', tokenId: result.tokenId, countersignedToken: result.countersignedToken };
    res.status(200).set('Cache-Control', 'no-store').json(body);
  });

  router.use('/api/recovery-tokens', bearerChallenge);
  return router;
}
