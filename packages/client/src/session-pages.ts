/**
 * The part of a session handle that deals with its pages: the tabs, what a page gives back (aria
 * snapshot, PDF, screenshot, downloads) and how a CDP client or DevTools reaches them. SessionHandle
 * extends it with the session itself, its actions, streams and cookies.
 */
import type {
  CdpTicketResponse,
  CdpVersionResponse,
  DevtoolsLinkResponse,
  Download,
  PageInfo,
  PdfRequest,
  ScreenshotRequest,
  Session,
  SnapshotResponse,
} from '@marketbridge/api-types';
import { ActionShortcuts } from './action-shortcuts.js';
import { operationBound } from './request-spec.js';
import { cdpConnection } from './session-cdp.js';
import { writeBytes } from './session-files.js';
import type { Transport } from './transport.js';

export abstract class SessionPages extends ActionShortcuts {
  constructor(protected readonly transport: Transport) {
    super();
  }

  /** The path params of this session's routes. */
  protected abstract get params(): { id: string };

  /** Fetches the session again from the server. */
  abstract refresh(): Promise<Session>;

  // ---- pages (tabs) -----------------------------------------------------------------------------

  /** The session's pages with their stable ids; actions take `pageId` to name one. */
  async pages(): Promise<PageInfo[]> {
    return (await this.transport.call('listPages', { params: this.params })).pages;
  }

  /** Opens a page (at `url` if given); it becomes the active page. */
  openPage(url?: string): Promise<PageInfo> {
    return this.transport.call('openPage', { params: this.params, body: url ? { url } : {} });
  }

  /** Closes a page; resolves to the pages left. */
  async closePage(pageId: string): Promise<PageInfo[]> {
    return (await this.transport.call('closePage', { params: { ...this.params, pageId } })).pages;
  }

  /** Makes a page the active one (actions without `pageId` go to it). */
  activatePage(pageId: string): Promise<PageInfo> {
    return this.transport.call('activatePage', { params: { ...this.params, pageId }, body: {} });
  }

  /** Playwright's aria snapshot (YAML) of the active page, or of `pageId`. */
  snapshot(pageId?: string): Promise<SnapshotResponse> {
    return this.transport.call('snapshot', { params: this.params, query: pageId ? { pageId } : {} });
  }

  /** The page printed to PDF (Chromium); also written to `path` when one is given (Node). */
  async pdf(path?: string, options: PdfRequest = {}): Promise<Uint8Array> {
    const { bytes } = await this.transport.callBytes('pdf', { params: this.params, body: options });
    return writeBytes(path, bytes);
  }

  /** Files the session's pages downloaded, kept with the session (oldest first). */
  async downloads(): Promise<Download[]> {
    return (await this.transport.call('listDownloads', { params: this.params })).downloads;
  }

  /** The bytes of one download; also written to `path` when one is given (Node). */
  async download(downloadId: string, path?: string): Promise<Uint8Array> {
    const { bytes } = await this.transport.callBytes('getDownload', {
      params: { ...this.params, downloadId },
    });
    return writeBytes(path, bytes);
  }

  /** The image bytes; also written to `path` when one is given (Node). */
  async screenshot(path?: string, options: ScreenshotRequest = {}): Promise<Uint8Array> {
    const { bytes } = await this.transport.callBytes('screenshot', {
      params: this.params,
      body: options,
      timeoutMs: operationBound(options),
    });
    return writeBytes(path, bytes);
  }

  // ---- CDP and DevTools ------------------------------------------------------------------------

  /**
   * Where a CDP client attaches to this session, and the headers it must send:
   * `chromium.connectOverCDP(url, { headers })` (the session's pages are in `browser.contexts()[0]`),
   * `puppeteer.connect({ browserWSEndpoint: url, headers })`. The session outlives the client.
   * Throws for a session that cannot be reached over CDP (Firefox, WebKit, a server without CDP).
   */
  async cdp(): Promise<{ url: string; headers: Record<string, string> }> {
    return cdpConnection(await this.refresh(), this.transport.authHeaders);
  }

  /**
   * A one-time link (a path on the server, valid for a minute) that opens Chrome DevTools on the
   * session's active page in a browser.
   */
  devtoolsLink(): Promise<DevtoolsLinkResponse> {
    return this.transport.call('devtoolsLink', { params: this.params, body: {} });
  }

  /** Chrome's `/json/version` for this session; its `webSocketDebuggerUrl` is the CDP endpoint. */
  cdpVersion(): Promise<CdpVersionResponse> {
    return this.transport.call('cdpVersion', { params: this.params });
  }

  /**
   * A single-use URL to the CDP endpoint, valid for a minute, for a tool that cannot send headers
   * (the token is never put in a URL).
   */
  cdpTicket(): Promise<CdpTicketResponse> {
    return this.transport.call('cdpTicket', { params: this.params, body: {} });
  }
}
