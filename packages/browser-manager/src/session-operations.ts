import {
  type HistoryRequest,
  type HistoryResponse,
  type InputRequest,
  type InteractRequest,
  type NavigateRequest,
  type NavigateResponse,
  operationBudgetMs,
  type PageInfo,
  type PdfRequest,
  type ScreenshotRequest,
  type WaitRequest,
} from '@marketbridge/api-types';
import type { Page } from 'playwright-core';
import { evaluateOverCdp } from './cdp-evaluate.js';
import { ActionError, CdpUnavailableError, NavigationError, ScriptError } from './errors.js';
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
        session.navigation.noteAttempt(page, url);
        const startedAt = Date.now();
        const result = await navigatePage(page, url, req, timeoutMs).catch(async (error: unknown) => {
          if (session.navigation.stayedOnUnload(page, startedAt)) {
            throw new Error(
              "the page's beforeunload handler asked to stay and this session's dialog policy dismisses dialogs, so the page stayed; create the session with dialogs: { action: 'accept' } to leave such pages",
              { cause: error },
            );
          }
          // A timed-out navigation would otherwise go on loading and replace the page under the next request.
          await this.deps.interrupter.stopLoading(page);
          throw error;
        });
        session.title = result.title;
        this.deps.saver.schedule(session);
        return result;
      },
      (message, cause) => new NavigationError(url, message, { cause }),
      { pageId: req.pageId },
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
      { pageId: req.pageId },
    );
  }

  /** The script bounds itself (it may be interrupted), so only its own timeout is enforced around it. */
  async execute(
    idOrName: string,
    script: string,
    args: unknown[],
    timeoutMs: number,
    pageId?: string,
  ): Promise<unknown> {
    return this.deps.runner.run(
      idOrName,
      'Script',
      timeoutMs,
      (page) => {
        const started = Date.now();
        const cdp = this.deps.interrupter.attached(page);
        return executeInPage(
          page,
          script,
          args,
          () => this.deps.interrupter.interruptedSince(page, started),
          cdp ? (source) => evaluateOverCdp(page, cdp, source) : undefined,
        );
      },
      (message, cause) => new ScriptError(`Script failed: ${message}`, { cause }),
      { ownTimeout: false, pageId },
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
      { pageId: req.pageId },
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
      { pageId: req.pageId },
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

  async withPage<T>(
    idOrName: string,
    fn: (page: Page) => Promise<T>,
    timeoutMs: number,
    pageId?: string,
  ): Promise<T> {
    return this.deps.runner.run(
      idOrName,
      'Page callback',
      timeoutMs,
      (page) => fn(page),
      (message, cause) => new ActionError(`Page callback failed: ${message}`, { cause }),
      { pageId },
    );
  }

  /** Opens a page in the session's context (at `url` if given); it becomes the active page. */
  async openPage(idOrName: string, url: string | undefined): Promise<PageInfo> {
    const target = url ? checkNavigableUrl(url, this.deps.options.allowFileUrls ?? false) : undefined;
    const timeoutMs = this.deps.defaultTimeoutMs;
    return this.deps.runner.run(
      idOrName,
      target ? `Opening a page at ${target}` : 'Opening a page',
      timeoutMs,
      async (_active, session) => {
        const context = session.context;
        if (!context) throw new ActionError('The session has no browser context.');
        const page = await context.newPage();
        session.track(page);
        if (target) {
          session.navigation.noteAttempt(page, target);
          const result = await navigatePage(page, target, { url: target }, timeoutMs);
          session.title = result.title;
        }
        this.deps.saver.schedule(session);
        return { id: session.pageIdOf(page), url: page.url(), title: await page.title(), active: true };
      },
      (message, cause) =>
        target ? new NavigationError(target, message, { cause }) : new ActionError(message, { cause }),
    );
  }

  /** Closes one page of the session; the pages left are answered. */
  async closePage(idOrName: string, pageId: string): Promise<PageInfo[]> {
    return this.deps.runner.run(
      idOrName,
      `Closing page ${pageId}`,
      this.deps.defaultTimeoutMs,
      async (page, session) => {
        await page.close();
        this.deps.saver.schedule(session);
        return session.pageInfos();
      },
      (message, cause) => new ActionError(`Closing the page failed: ${message}`, { cause }),
      { pageId },
    );
  }

  /** Makes a page the active one: brought to front, the target of actions that name no page. */
  async activatePage(idOrName: string, pageId: string): Promise<PageInfo> {
    return this.deps.runner.run(
      idOrName,
      `Activating page ${pageId}`,
      this.deps.defaultTimeoutMs,
      async (page, session) => {
        await page.bringToFront();
        session.activate(page);
        session.title = await page.title();
        this.deps.saver.schedule(session);
        return { id: pageId, url: page.url(), title: session.title, active: true };
      },
      (message, cause) => new ActionError(`Activating the page failed: ${message}`, { cause }),
      { pageId },
    );
  }

  /** Playwright's aria snapshot of a page (YAML). */
  async snapshot(
    idOrName: string,
    pageId: string | undefined,
  ): Promise<{ pageId: string; url: string; title: string; snapshot: string }> {
    const timeoutMs = this.deps.defaultTimeoutMs;
    return this.deps.runner.run(
      idOrName,
      'Aria snapshot',
      timeoutMs,
      async (page, session) => ({
        pageId: session.pageIdOf(page),
        url: page.url(),
        title: await page.title(),
        snapshot: await page.locator('body').ariaSnapshot({ timeout: timeoutMs }),
      }),
      (message, cause) => new ActionError(`Aria snapshot failed: ${message}`, { cause }),
      { pageId },
    );
  }

  /** A page printed to PDF: Chromium only (Playwright's page.pdf). */
  async pdf(idOrName: string, req: PdfRequest): Promise<Buffer> {
    const timeoutMs = this.deps.defaultTimeoutMs;
    return this.deps.runner.run(
      idOrName,
      'PDF',
      timeoutMs,
      async (page) => {
        if (page.context().browser()?.browserType().name() !== 'chromium') {
          throw new CdpUnavailableError("PDF printing is Chromium's: this session runs another browser.");
        }
        return page.pdf({
          ...(req.format ? { format: req.format } : {}),
          ...(req.landscape !== undefined ? { landscape: req.landscape } : {}),
          ...(req.printBackground !== undefined ? { printBackground: req.printBackground } : {}),
        });
      },
      (message, cause) => new ActionError(`PDF failed: ${message}`, { cause }),
      { pageId: req.pageId },
    );
  }
}
