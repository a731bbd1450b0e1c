import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

/** The session's cookies, optionally only those a URL gets, or of one name. */
export const listCookies = defineRoute(
  'listCookies',
  routes.listCookies,
  async ({ params, query, deps, res }) => {
    const session = await deps.sessions.requireLive(params.id);
    noteSession(res, session);
    return { json: { cookies: await deps.manager.cookies(session.id, query) } };
  },
);

export const addCookies = defineRoute(
  'addCookies',
  routes.addCookies,
  async ({ params, body, deps, res }) => {
    const session = await deps.sessions.requireLive(params.id);
    noteSession(res, session);
    return { json: await deps.manager.addCookies(session.id, body.cookies) };
  },
);

export const clearCookies = defineRoute(
  'clearCookies',
  routes.clearCookies,
  async ({ params, query, deps, res }) => {
    const session = await deps.sessions.requireLive(params.id);
    noteSession(res, session);
    return { json: await deps.manager.clearCookies(session.id, query) };
  },
);

/** Playwright's storage-state JSON of the session. */
export const storageState = defineRoute(
  'storageState',
  routes.storageState,
  async ({ params, deps, res }) => {
    const session = await deps.sessions.requireLive(params.id);
    noteSession(res, session);
    return { json: await deps.manager.storageState(session.id) };
  },
);
