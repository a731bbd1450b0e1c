import type { StorageState } from '@marketbridge/api-types';
import { BrowserPool } from './browser-pool.js';
import { UNSHOWN_UI_FEATURES } from './chromium-features.js';
import { CrashRecovery } from './crash-recovery.js';
import type { ManagedSession } from './managed-session.js';
import { type Emit, warnThrough } from './manager-deps.js';
import { OperationRunner } from './operation-runner.js';
import type { PageHooks } from './page-events.js';
import { PageInterrupter } from './page-interrupter.js';
import { Recycler } from './recycler.js';
import { SessionCloser } from './session-closer.js';
import { SessionDevtools } from './session-devtools.js';
import { DEFAULT_MAX_DOWNLOAD_BYTES, SessionDownloads } from './session-downloads.js';
import { SessionLifecycle } from './session-lifecycle.js';
import { DEFAULT_VIEWPORT, SessionOpener } from './session-opener.js';
import { SessionOperations } from './session-operations.js';
import { SessionScreencasts } from './session-screencasts.js';
import { SessionStorage } from './session-storage.js';
import { SessionTable } from './session-table.js';
import { StateSaver } from './state-saver.js';
import { StateStore } from './state-store.js';
import type { BrowserManagerOptions } from './types.js';
import { checkWarmContexts, WarmPool } from './warm-pool.js';

export interface ManagerConfig {
  options: BrowserManagerOptions;
  instanceId: string;
  stateDir: string;
  downloadsDir: string;
  defaultTimeoutMs: number;
  startTimeoutMs: number;
  emit: Emit;
}

/** What BrowserManager is made of. */
export interface ManagerParts {
  sessions: SessionTable;
  pool: BrowserPool;
  warm: WarmPool;
  store: StateStore;
  opener: SessionOpener;
  closer: SessionCloser;
  saver: StateSaver;
  recycler: Recycler;
  operations: SessionOperations;
  storage: SessionStorage;
  screencasts: SessionScreencasts;
  downloads: SessionDownloads;
  devtools: SessionDevtools;
  lifecycle: SessionLifecycle;
}

/**
 * Builds the parts and gives each the others it works with. The pool and the pages report crashes to
 * recovery, which is built after them: nothing is reported before a browser is launched. Background
 * work asks the lifecycle, built last, whether the manager is closed: nothing asks before it exists.
 * Throws InvalidOptionError for a recycle option that is not a count, or a warmContexts out of bounds.
 */
export function buildManagerParts(config: ManagerConfig): ManagerParts {
  const { options, emit, startTimeoutMs } = config;
  const warn = warnThrough(emit);
  const isClosed = (): boolean => lifecycle.closed;
  const sessions = new SessionTable();
  const store = new StateStore(config.stateDir);
  const screencasts = new SessionScreencasts(warn);
  const warm = new WarmPool(checkWarmContexts(options.warmContexts), DEFAULT_VIEWPORT, warn);
  const pool = new BrowserPool(
    {
      instanceId: config.instanceId,
      timeoutMs: startTimeoutMs,
      ...(options.executablePath ? { executablePath: options.executablePath } : {}),
      ...(options.browserEndpoint ? { browserEndpoint: options.browserEndpoint } : {}),
      ...(options.launchArgs ? { extraArgs: options.launchArgs } : {}),
      devtoolsPort: options.cdp !== false,
      ...(options.trimBrowserUi !== false ? { disableFeatures: UNSHOWN_UI_FEATURES } : {}),
    },
    (key) => {
      warm.onBrowserDisconnected(key);
      recovery.onBrowserDisconnected(key);
    },
    {
      onReconnected: (key) => recovery.onBrowserReconnected(key),
      onWarning: warn,
    },
  );
  const scheduleSave = (session: ManagedSession) => saver.schedule(session);
  const downloads = new SessionDownloads(
    config.downloadsDir,
    options.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES,
    warn,
  );
  const hooks: PageHooks = {
    onDownload: (session, pageId, download) => void downloads.keep(session, pageId, download),
    onConsole: (session, entry) => {
      session.console.push(entry);
      emit('console', { sessionId: session.id, entry });
    },
    onNavigated: scheduleSave,
    onPageCrash: (session, page) => recovery.onPageCrash(session, page),
  };
  const opener = new SessionOpener({
    pool,
    warm,
    store,
    sessions,
    hooks,
    scheduleSave,
    emit,
    warn,
    options,
    startTimeoutMs,
  });
  const startContext = (session: ManagedSession, storage: StorageState | undefined, timeoutMs: number) =>
    opener.startContext(session, storage, timeoutMs);
  const saver = new StateSaver({
    store,
    sessions,
    warn,
    isClosed,
    saveIntervalMs: options.saveIntervalMs ?? 30_000,
  });
  const recovery = new CrashRecovery({
    sessions,
    store,
    startContext,
    scheduleSave,
    emit,
    warn,
    isClosed,
    startTimeoutMs,
  });
  const recycler = new Recycler({
    sessions,
    saver,
    recovery,
    startContext,
    emit,
    warn,
    isClosed,
    options,
    startTimeoutMs,
  });
  const interrupter = new PageInterrupter();
  const runner = new OperationRunner({
    sessions,
    interrupter,
    saver,
    recovery,
    recycler,
    emit,
    warn,
    options,
    startTimeoutMs,
  });
  const operations = new SessionOperations({
    runner,
    interrupter,
    saver,
    options,
    defaultTimeoutMs: config.defaultTimeoutMs,
  });
  const storage = new SessionStorage({ runner, saver, defaultTimeoutMs: config.defaultTimeoutMs });
  const closer = new SessionCloser({ sessions, store, saver, screencasts, downloads, emit, warn });
  const devtools = new SessionDevtools(pool, options, startTimeoutMs);
  const parts = {
    sessions,
    pool,
    warm,
    store,
    opener,
    closer,
    saver,
    recycler,
    operations,
    storage,
    screencasts,
    downloads,
    devtools,
  };
  const lifecycle = new SessionLifecycle({ parts, options, instanceId: config.instanceId, warn });
  return { ...parts, lifecycle };
}
