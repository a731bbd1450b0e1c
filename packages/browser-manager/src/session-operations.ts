import {
  type HistoryRequest,
  type HistoryResponse,
  type InputRequest,
  type InteractRequest,
  type NavigateRequest,
  type NavigateResponse,
  operationBudgetMs,
  type ScreenshotRequest,
  type WaitRequest,
} from '@marketbridge/api-types';
import type { Page } from 'playwright-core';
import { ActionError, NavigationError, ScriptError } from './errors.js';
import type { OperationRunner } from './operation-runner.js';
import {
  describeInteract,
  describeWait,
  executeInPage,
  historyOfPage,
  inputOnPage,
  interactWithPage,
  navigatePage,
  screenshotPage,
  waitInPage,
} from './page-actions.js';
import type { PageInterrupter } from './page-interrupter.js';
import type { StateSaver } from './state-saver.js';
import type { BrowserManagerOptions } from './types.js';
import { checkNavigableUrl } from './url-policy.js';

export interface SessionOperationsDeps {
  runner: OperationRunner;
  interrupter: PageInterrupter;
  saver: StateSaver;
  options: BrowserManagerOptions;
  defaultTimeoutMs: number;
}

/** What can be done to a session's page: each operation's time budget, description and error type. */
export class SessionOperations {
  constructor(private readonly deps: SessionOperationsDeps) {}

  async navigate(idOrName: string, req: NavigateRequest): Promise<NavigateResponse> {
    const url = checkNavigableUrl(req.url, this.deps.options.allowFileUrls ?? false);
    const timeoutMs = req.timeoutMs ?? this.deps.defaultTimeoutMs;
    return this.deps.runner.run(
      idOrName,
      `Navigation to ${url}`,
      timeoutMs,
      async (page, session) => {
        session.noteAttempt(page, url);
        const result = await navigatePage(page, url, req, timeoutMs).catch(async (error: unknown) => {
          // A timed-out navigation would otherwise go on loading and replace the page under the next request.
          await this.deps.interrupter.stopLoading(page);
          throw error;
        });
        session.title = result.title;
        this.deps.saver.schedule(session);
        return result;
      },
      (message, cause) => new NavigationError(url, message, { cause }),
    );
  }

  async screenshot(idOrName: string, req: ScreenshotRequest): Promise<Buffer> {
    const timeoutMs = req.timeoutMs ?? this.deps.defaultTimeoutMs;
    return this.deps.runner.run(
      idOrName,
      req.selector ? `Screenshot of "${req.selector}"` : 'Screenshot',
      timeoutMs,
      (page) => screenshotPage(page, req, timeoutMs),
      (message, cause) => new ActionError(`Screenshot failed: ${message}`, { cause }),
    );
  }

  /** The script bounds itself (it may be interrupted), so only its own timeout is enforced around it. */
  async execute(idOrName: string, script: string, args: unknown[], timeoutMs: number): Promise<unknown> {
    return this.deps.runner.run(
      idOrName,
      'Script',
      timeoutMs,
      (page) => {
        const started = Date.now();
        return executeInPage(page, script, args, () => this.deps.interrupter.interruptedSince(page, started));
      },
      (message, cause) => new ScriptError(`Script failed: ${message}`, { cause }),
      { ownTimeout: false },
    );
  }

  async interact(idOrName: string, req: InteractRequest): Promise<void> {
    const timeoutMs = req.timeoutMs ?? this.deps.defaultTimeoutMs;
    const what = describeInteract(req);
    return this.deps.runner.run(
      idOrName,
      what,
      timeoutMs,
      (page) => interactWithPage(page, req, timeoutMs),
      (message, cause) => new ActionError(`${what} failed: ${message}`, { cause }),
    );
  }

  async wait(idOrName: string, req: WaitRequest): Promise<{ elapsedMs: number }> {
    const timeoutMs = operationBudgetMs(req, this.deps.defaultTimeoutMs);
    const what = describeWait(req);
    return this.deps.runner.run(
      idOrName,
      what,
      timeoutMs,
      async (page) => {
        const started = performance.now();
        await waitInPage(page, req, timeoutMs);
        return { elapsedMs: Math.round(performance.now() - started) };
      },
      (message, cause) => new ActionError(`${what} failed: ${message}`, { cause }),
    );
  }

  async input(idOrName: string, req: InputRequest): Promise<void> {
    const timeoutMs = req.timeoutMs ?? this.deps.defaultTimeoutMs;
    const what = req.type === 'click' || req.type === 'wheel' ? `Mouse ${req.type}` : `Keyboard ${req.type}`;
    return this.deps.runner.run(
      idOrName,
      what,
      timeoutMs,
      (page) => inputOnPage(page, req),
      (message, cause) => new ActionError(`${what} failed: ${message}`, { cause }),
    );
  }

  async history(idOrName: string, req: HistoryRequest): Promise<HistoryResponse> {
    const timeoutMs = req.timeoutMs ?? this.deps.defaultTimeoutMs;
    const what = req.action === 'reload' ? 'Reload' : `Going ${req.action}`;
    return this.deps.runner.run(
      idOrName,
      what,
      timeoutMs,
      async (page, session) => {
        const result = await historyOfPage(page, req.action, timeoutMs).catch(async (error: unknown) => {
          await this.deps.interrupter.stopLoading(page);
          throw error;
        });
        session.title = result.title;
        this.deps.saver.schedule(session);
        return result;
      },
      (message, cause) => new ActionError(`${what} failed: ${message}`, { cause }),
    );
  }

  async withPage<T>(idOrName: string, fn: (page: Page) => Promise<T>, timeoutMs: number): Promise<T> {
    return this.deps.runner.run(
      idOrName,
      'Page callback',
      timeoutMs,
      (page) => fn(page),
      (message, cause) => new ActionError(`Page callback failed: ${message}`, { cause }),
    );
  }
}
