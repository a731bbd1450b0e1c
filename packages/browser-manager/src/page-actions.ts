import type {
  HistoryResponse,
  InputRequest,
  InteractRequest,
  NavigateRequest,
  NavigateResponse,
  ScreenshotRequest,
  Target,
  WaitRequest,
} from '@marketbridge/api-types';
import type { Locator, Page } from 'playwright-core';
import { buildExecuteSource, type ExecuteOutcome, resultOf } from './execute-script.js';

/** The Playwright side of each operation; timeouts, serialisation and error mapping live in the manager. */

export async function navigatePage(
  page: Page,
  url: string,
  req: NavigateRequest,
  timeoutMs: number,
): Promise<NavigateResponse> {
  const goto = () => page.goto(url, { waitUntil: req.waitUntil ?? 'load', timeout: timeoutMs });
  const response = await goto().catch((error: unknown) => {
    // Chromium commits the error page of an earlier failed load (a remembered page that could not be
    // reached) a moment after reporting it; on a busy machine that moment can fall inside this navigation.
    // Its error page is not the answer to this navigation: go again, once.
    if (STALE_ERROR_PAGE.test(String(error))) return goto();
    throw error;
  });
  return { url: page.url(), title: await page.title(), status: response?.status() ?? null };
}

const STALE_ERROR_PAGE = /interrupted by another navigation to "chrome-error:\/\//;

/** Chromium sometimes refuses a capture while the compositor is busy; it succeeds a moment later. */
const TRANSIENT_CAPTURE = /Unable to capture screenshot/;

export async function screenshotPage(page: Page, req: ScreenshotRequest, timeoutMs: number): Promise<Buffer> {
  const options = {
    type: req.type ?? 'png',
    ...(req.quality !== undefined ? { quality: req.quality } : {}),
    timeout: timeoutMs,
  } as const;
  const capture = () =>
    req.selector
      ? page.locator(req.selector).first().screenshot(options)
      : page.screenshot({ ...options, fullPage: req.fullPage ?? false });
  for (let attempt = 1; ; attempt++) {
    try {
      return await capture();
    } catch (error) {
      if (attempt >= 3 || !TRANSIENT_CAPTURE.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/**
 * A navigation that was already under way (a failed load committing its error page, a redirect) can
 * replace the document before the script starts; then it runs once more, in the new document.
 * A script stopped for running too long also loses its context: `wasInterrupted` tells those apart.
 */
export async function executeInPage(
  page: Page,
  script: string,
  args: unknown[],
  wasInterrupted: () => boolean,
  evaluate: (source: string) => Promise<unknown> = (source) => page.evaluate(source),
): Promise<unknown> {
  const source = buildExecuteSource(script, args);
  try {
    return resultOf((await evaluate(source)) as ExecuteOutcome);
  } catch (error) {
    if (wasInterrupted() || !/Execution context was destroyed/.test(String(error))) throw error;
    await page.waitForLoadState('domcontentloaded');
    return resultOf((await evaluate(source)) as ExecuteOutcome);
  }
}

const MIME_TYPES: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  xml: 'application/xml',
};

/** A file's type from its extension, for an upload that names none. */
function mimeTypeOf(name: string): string {
  return MIME_TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** The element a target names: a selector, a role and name (getByRole), or visible text (getByText). */
export function locate(page: Page, target: Target): Locator {
  const exact = target.exact ? { exact: true } : {};
  if (target.selector !== undefined) return page.locator(target.selector);
  if (target.role !== undefined) {
    return page.getByRole(target.role as Parameters<Page['getByRole']>[0], {
      ...(target.name !== undefined ? { name: target.name } : {}),
      ...exact,
    });
  }
  return page.getByText(target.text ?? '', exact);
}

/** How a target reads in a message: `"#go"`, `button "Go"`, `text "Subscribe"`. */
export function describeTarget(target: Target): string {
  if (target.selector !== undefined) return `"${target.selector}"`;
  if (target.role !== undefined)
    return `${target.role}${target.name !== undefined ? ` "${target.name}"` : ''}`;
  return `text "${target.text ?? ''}"`;
}

export async function interactWithPage(page: Page, req: InteractRequest, timeoutMs: number): Promise<void> {
  const target = locate(page, req).first();
  const timeout = { timeout: timeoutMs };
  switch (req.action) {
    case 'click':
      return target.click(timeout);
    case 'dblclick':
      return target.dblclick(timeout);
    case 'fill':
      return target.fill(req.value, timeout);
    case 'type':
      return target.pressSequentially(req.value, timeout);
    case 'press':
      return target.press(req.value, timeout);
    case 'select':
      await target.selectOption(req.value, timeout);
      return;
    case 'check':
      return target.check(timeout);
    case 'uncheck':
      return target.uncheck(timeout);
    case 'hover':
      return target.hover(timeout);
    case 'focus':
      return target.focus(timeout);
    case 'upload':
      return target.setInputFiles(
        req.files.map((f) => ({
          name: f.name,
          mimeType: f.mimeType ?? mimeTypeOf(f.name),
          buffer: Buffer.from(f.data, 'base64'),
        })),
        timeout,
      );
  }
}

export async function waitInPage(page: Page, req: WaitRequest, timeoutMs: number): Promise<void> {
  const timeout = { timeout: timeoutMs };
  switch (req.for) {
    case 'selector':
      await page.waitForSelector(req.selector, { state: req.state ?? 'visible', ...timeout });
      return;
    case 'text':
      await page.getByText(req.text).first().waitFor(timeout);
      return;
    case 'role':
      await locate(page, req)
        .first()
        .waitFor({ state: req.state ?? 'visible', ...timeout });
      return;
    case 'url':
      await page.waitForURL(req.url, timeout);
      return;
    case 'function':
      await page.waitForFunction(req.expression, undefined, timeout);
      return;
    case 'load':
      await page.waitForLoadState(req.state ?? 'load', timeout);
      return;
    case 'timeout':
      await page.waitForTimeout(req.ms);
      return;
  }
}

/** Describes what an interaction or wait was doing, for error messages. */
export function describeInteract(req: InteractRequest): string {
  return `${req.action} on ${describeTarget(req)}`;
}

export function describeWait(req: WaitRequest): string {
  switch (req.for) {
    case 'selector':
      return `Waiting for "${req.selector}" to be ${req.state ?? 'visible'}`;
    case 'text':
      return `Waiting for text "${req.text.slice(0, 80)}"`;
    case 'role':
      return `Waiting for ${describeTarget(req)} to be ${req.state ?? 'visible'}`;
    case 'url':
      return `Waiting for URL ${req.url}`;
    case 'function':
      return 'Waiting for the function to return true';
    case 'load':
      return `Waiting for load state ${req.state ?? 'load'}`;
    case 'timeout':
      return `Waiting ${req.ms} ms`;
  }
}

export async function inputOnPage(page: Page, req: InputRequest): Promise<void> {
  switch (req.type) {
    case 'click':
      await page.mouse.click(req.x, req.y, {
        ...(req.button ? { button: req.button } : {}),
        ...(req.clickCount ? { clickCount: req.clickCount } : {}),
      });
      return;
    case 'wheel':
      if (req.x !== undefined && req.y !== undefined) await page.mouse.move(req.x, req.y);
      await page.mouse.wheel(req.deltaX ?? 0, req.deltaY);
      return;
    case 'type':
      await page.keyboard.type(req.text);
      return;
    case 'press':
      await page.keyboard.press(req.key);
      return;
  }
}

export async function historyOfPage(
  page: Page,
  action: 'back' | 'forward' | 'reload',
  timeoutMs: number,
): Promise<HistoryResponse> {
  const before = page.url();
  const options = { timeout: timeoutMs, waitUntil: 'load' } as const;
  const response =
    action === 'back'
      ? await page.goBack(options)
      : action === 'forward'
        ? await page.goForward(options)
        : await page.reload(options);
  const url = page.url();
  return {
    url,
    title: await page.title(),
    moved: action === 'reload' || response !== null || url !== before,
  };
}
