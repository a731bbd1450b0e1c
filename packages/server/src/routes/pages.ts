import { routes } from '@marketbridge/api-types';
import { defineRoute, noteSession } from '../http/route-module.js';

/** The pages (tabs) of a session, with their stable ids. */
export const listPages = defineRoute('listPages', routes.listPages, async ({ params, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  return { json: { pages: await deps.manager.pages(session.id) } };
});

export const openPage = defineRoute('openPage', routes.openPage, async ({ params, body, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  return { status: 201, json: await deps.manager.openPage(session.id, body.url) };
});

export const closePage = defineRoute('closePage', routes.closePage, async ({ params, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  const pages = await deps.manager.closePage(session.id, params.pageId);
  return { json: { id: params.pageId, closed: true as const, pages } };
});

export const activatePage = defineRoute(
  'activatePage',
  routes.activatePage,
  async ({ params, deps, res }) => {
    const session = await deps.sessions.requireLive(params.id);
    noteSession(res, session);
    return { json: await deps.manager.activatePage(session.id, params.pageId) };
  },
);

/** Playwright's aria snapshot (YAML) of a page: what an agent or a getByRole test reads. */
export const snapshot = defineRoute('snapshot', routes.snapshot, async ({ params, query, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  return { json: await deps.manager.snapshot(session.id, query.pageId) };
});

export const pdf = defineRoute('pdf', routes.pdf, async ({ params, body, deps, res }) => {
  const session = await deps.sessions.requireLive(params.id);
  noteSession(res, session);
  return { bytes: await deps.manager.pdf(session.id, body), contentType: 'application/pdf' };
});
