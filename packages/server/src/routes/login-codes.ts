import { routes } from '@marketbridge/api-types';
import { HttpError } from '../errors.js';
import { defineRoute } from '../http/route-module.js';

/** A single-use code for `/ui#code=...` (the fragment never reaches a server or a log). */
export const createLoginCode = defineRoute(
  'createLoginCode',
  routes.createLoginCode,
  async ({ body, deps }) => {
    const { code, expiresAt } = deps.loginCodes.create(body.ttlSeconds);
    return { json: { code, expiresAt: expiresAt.toISOString(), path: `/ui#code=${code}` } };
  },
);

/** Open like /health (it is how a page without the token gets it), but only once per code, before it expires. */
export const exchangeLoginCode = defineRoute(
  'exchangeLoginCode',
  routes.exchangeLoginCode,
  async ({ body, deps }) => {
    if (!deps.loginCodes.redeem(body.code)) {
      throw new HttpError(
        'unauthorized',
        'This login code is unknown, already used or expired. Run `mb-browser dashboard` for a new link.',
      );
    }
    return { json: { token: deps.token ?? '' } };
  },
);
