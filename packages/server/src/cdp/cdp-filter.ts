/**
 * What one CDP client attached to one session may see and do. The client has its own connection to the
 * browser (Chromium keeps each connection's targets and sessions apart), so what is left to guard is
 * the browser-wide surface: targets, contexts, cookies, permissions and the browser itself. The rule is
 * an allow-list — a browser-level command not listed here is refused — and every target or context a
 * command names must be the session's (or a context this client created, which goes with it).
 *
 * The session's context is the client's *default* context: it is never listed by
 * `Target.getBrowserContexts`, so Playwright's `connectOverCDP` and Puppeteer both file its pages under
 * their default context (`browser.contexts()[0]`, `browser.defaultBrowserContext()`), and commands that
 * name no context (cookies, permissions, new pages) are pointed at it.
 */

import { CdpCommands } from './cdp-commands.js';
import { PendingAnswers } from './cdp-pending.js';
import { TARGET_EVENTS } from './cdp-rules.js';
import { type CdpMessage, CdpScope, type TargetInfo } from './cdp-scope.js';

export type { CdpMessage } from './cdp-scope.js';

export interface FilterOutput {
  /** Send to the browser. */
  toBrowser(message: CdpMessage): void;
  /** Send to the client. */
  toClient(message: CdpMessage): void;
  /** End the client's connection (the session stays). */
  closeClient(code: number, reason: string): void;
}

/**
 * One client's filter: its commands go through {@link CdpCommands}; the browser's answers and events
 * are sorted here, against what the client may see ({@link CdpScope}) and the answers the filter waits
 * for ({@link PendingAnswers}).
 */
export class CdpSessionFilter {
  /** What this client may see and name: its contexts and the targets it has been told about. */
  readonly #scope: CdpScope;
  readonly #pending: PendingAnswers;
  readonly #commands: CdpCommands;

  /**
   * `level`: a browser-level connection (what clients attach to), or one page's own connection (the
   * DevTools frontend), where commands without a session id go to that page, not to the browser.
   */
  constructor(
    readonly sessionContextId: string,
    private readonly out: FilterOutput,
    level: 'browser' | 'page' = 'browser',
  ) {
    this.#scope = new CdpScope(sessionContextId);
    this.#pending = new PendingAnswers((message) => out.toBrowser(message));
    this.#commands = new CdpCommands(sessionContextId, this.#scope, this.#pending, out, level);
  }

  /** Whether an answer or event from the browser can go to the client untouched (no parse needed). */
  get hasForeignSessions(): boolean {
    return this.#scope.hasForeignSessions;
  }

  /** Whether the browser's answer to command `id` needs a look before the client sees it. */
  watches(id: number): boolean {
    return this.#pending.watches(id);
  }

  // ---- client → browser ------------------------------------------------------------------------

  fromClient(message: CdpMessage): void {
    this.#commands.fromClient(message);
  }

  // ---- browser → client ------------------------------------------------------------------------

  fromBrowser(message: CdpMessage): void {
    if (typeof message.id === 'number') {
      const forClient = this.#pending.settle(message as CdpMessage & { id: number });
      if (forClient) this.out.toClient(forClient);
      return;
    }
    if (message.sessionId !== undefined && this.#scope.isForeign(message.sessionId)) return;
    const method = message.method ?? '';
    const params = message.params ?? {};
    if (method === 'Target.attachedToTarget') {
      const info = params.targetInfo as TargetInfo;
      if (this.#scope.see(info)) {
        this.out.toClient(message);
        return;
      }
      // Auto-attach reaches every target of the browser; release the others' at once, resumed.
      const sessionId = params.sessionId as string;
      this.#scope.addForeign(sessionId);
      if (params.waitingForDebugger) {
        this.#pending.call({ method: 'Runtime.runIfWaitingForDebugger', sessionId }, () => undefined);
      }
      this.#pending.call(
        {
          method: 'Target.detachFromTarget',
          params: { sessionId },
          ...(message.sessionId ? { sessionId: message.sessionId } : {}),
        },
        () => undefined,
      );
      return;
    }
    if (method === 'Target.detachedFromTarget') {
      const sessionId = params.sessionId as string;
      if (this.#scope.dropForeign(sessionId)) return;
      this.out.toClient(message);
      return;
    }
    if (TARGET_EVENTS.has(method)) {
      const info = params.targetInfo as TargetInfo | undefined;
      const visible = info
        ? this.#scope.see(info)
        : this.#scope.allows(this.#scope.contextOf(params.targetId as string) ?? '');
      if (method === 'Target.targetDestroyed') this.#scope.forget(params.targetId as string);
      if (visible) this.out.toClient(message);
      return;
    }
    this.out.toClient(message);
  }
}
