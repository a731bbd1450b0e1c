import type { RouteModule, RouteSpec } from '../http/route-module.js';
import cdpTicket from './cdp-ticket.js';
import cdpVersion from './cdp-version.js';
import cleanupSessions from './cleanup-sessions.js';
import cloneSession from './clone-session.js';
import consoleRoute from './console.js';
import { addCookies, clearCookies, listCookies, storageState } from './cookies.js';
import createSession from './create-session.js';
import { dashboardRoutes } from './dashboard.js';
import deleteSession from './delete-session.js';
import { devtoolsFrontend } from './devtools-frontend.js';
import devtoolsLink from './devtools-link.js';
import { getDownload, listDownloads } from './downloads.js';
import events from './events.js';
import execute from './execute.js';
import frames from './frames.js';
import getSession from './get-session.js';
import health from './health.js';
import history from './history.js';
import input from './input.js';
import interact from './interact.js';
import listSessions from './list-sessions.js';
import { createLoginCode, exchangeLoginCode } from './login-codes.js';
import metrics from './metrics.js';
import navigate from './navigate.js';
import openapi from './openapi.js';
import { activatePage, closePage, listPages, openPage, pdf, snapshot } from './pages.js';
import recycleSession from './recycle-session.js';
import screenshot from './screenshot.js';
import stats from './stats.js';
import wait from './wait.js';

/**
 * Every route the server serves: one module per api-types route entry, plus /openapi.json and the
 * dashboard's static files. Order matters where paths overlap: /sessions/cleanup before /sessions/:id.
 */
export const routeModules: RouteModule<RouteSpec>[] = [
  health,
  openapi,
  stats,
  metrics,
  createSession,
  listSessions,
  cleanupSessions,
  getSession,
  deleteSession,
  cdpVersion,
  cdpTicket,
  devtoolsLink,
  listPages,
  openPage,
  closePage,
  activatePage,
  snapshot,
  pdf,
  listDownloads,
  getDownload,
  navigate,
  screenshot,
  execute,
  interact,
  wait,
  consoleRoute,
  recycleSession,
  listCookies,
  addCookies,
  clearCookies,
  storageState,
  cloneSession,
  input,
  history,
  frames,
  events,
  createLoginCode,
  exchangeLoginCode,
  ...dashboardRoutes,
  devtoolsFrontend,
] as unknown as RouteModule<RouteSpec>[];
