/**
 * What a manager does on a session's pages — navigate, run a script, interact, wait, screenshots and
 * PDFs, open, close and switch pages — each handed to the session operations (the queue, the timeouts,
 * the page tracker). A base of BrowserManager, so that the manager's own file holds the lifecycle and
 * the lookups.
 */
import { EventEmitter } from 'node:events';
import type {
  HistoryRequest,
  HistoryResponse,
  InputRequest,
  InteractRequest,
  NavigateRequest,
  NavigateResponse,
  PageInfo,
  PdfRequest,
  ScreenshotRequest,
  WaitRequest,
} from '@marketbridge/api-types';
import type { Page } from 'playwright-core';
import type { SessionOperations } from './session-operations.js';
import type { BrowserManagerEvents } from './types.js';

export abstract class ManagerPageActions extends EventEmitter<BrowserManagerEvents> {
  /** The bound of an operation that names none. */
  abstract readonly defaultTimeoutMs: number;
  /** The operations of the manager's sessions. */
  protected abstract get operations(): SessionOperations;

  navigate(idOrName: string, req: NavigateRequest): Promise<NavigateResponse> {
    return this.operations.navigate(idOrName, req);
  }

  screenshot(idOrName: string, req: ScreenshotRequest = {}): Promise<Buffer> {
    return this.operations.screenshot(idOrName, req);
  }

  /**
   * Runs an expression or function body (`return ...`) in the active page (or page `pageId`); `args`
   * is in scope.
   */
  execute(
    idOrName: string,
    script: string,
    args: unknown[] = [],
    timeoutMs = this.defaultTimeoutMs,
    pageId?: string,
  ): Promise<unknown> {
    return this.operations.execute(idOrName, script, args, timeoutMs, pageId);
  }

  /** Opens a page (at `url` if given); it becomes the active page. */
  openPage(idOrName: string, url?: string): Promise<PageInfo> {
    return this.operations.openPage(idOrName, url);
  }

  /** Closes a page; answers the pages left. PageNotFoundError for an unknown id. */
  closePage(idOrName: string, pageId: string): Promise<PageInfo[]> {
    return this.operations.closePage(idOrName, pageId);
  }

  activatePage(idOrName: string, pageId: string): Promise<PageInfo> {
    return this.operations.activatePage(idOrName, pageId);
  }

  /** Playwright's aria snapshot (YAML) of the active page, or page `pageId`. */
  snapshot(
    idOrName: string,
    pageId?: string,
  ): Promise<{ pageId: string; url: string; title: string; snapshot: string }> {
    return this.operations.snapshot(idOrName, pageId);
  }

  /** The active page (or `req.pageId`) printed to PDF; Chromium only. */
  pdf(idOrName: string, req: PdfRequest = {}): Promise<Buffer> {
    return this.operations.pdf(idOrName, req);
  }

  interact(idOrName: string, req: InteractRequest): Promise<void> {
    return this.operations.interact(idOrName, req);
  }

  wait(idOrName: string, req: WaitRequest): Promise<{ elapsedMs: number }> {
    return this.operations.wait(idOrName, req);
  }

  /**
   * A mouse click or wheel at viewport coordinates (CSS pixels), typed text or a key press, on the
   * active page through Playwright's page.mouse / page.keyboard — what a person at the live view does.
   */
  input(idOrName: string, req: InputRequest): Promise<void> {
    return this.operations.input(idOrName, req);
  }

  /** Back, forward or reload on the active page. `moved` is false when there was nowhere to go. */
  history(idOrName: string, req: HistoryRequest): Promise<HistoryResponse> {
    return this.operations.history(idOrName, req);
  }

  /**
   * Runs `fn` with the session's active Playwright page, in the session's queue like any operation.
   * For embedders who need Playwright directly; the page must not be kept after `fn` returns.
   */
  withPage<T>(
    idOrName: string,
    fn: (page: Page) => Promise<T>,
    timeoutMs = this.defaultTimeoutMs,
    pageId?: string,
  ): Promise<T> {
    return this.operations.withPage(idOrName, fn, timeoutMs, pageId);
  }
}
