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

import { CONTEXT_SCOPED, OWN_ID_BASE, PASS_THROUGH, TARGET_EVENTS, TARGET_SCOPED } from './cdp-rules.js';
import { answerTo, type CdpMessage, CdpScope, refusalOf, type TargetInfo } from './cdp-scope.js';

export type { CdpMessage } from './cdp-scope.js';

export interface FilterOutput {
  /** Send to the browser. */
  toBrowser(message: CdpMessage): void;
  /** Send to the client. */
  toClient(message: CdpMessage): void;
  /** End the client's connection (the session stays). */
  closeClient(code: number, reason: string): void;
}

export class CdpSessionFilter {
  /** What this client may see and name: its contexts and the targets it has been told about. */
  readonly #scope: CdpScope;
  /** Sessions the browser auto-attached this connection to in other contexts: released, never shown. */
  readonly #foreign = new Set<string>();
  /** Answers to rewrite before the client sees them, by the client's command id. */
  readonly #rewrite = new Map<number, (result: Record<string, unknown>) => Record<string, unknown>>();
  /** The proxy's own commands waiting for an answer. */
  readonly #ownCalls = new Map<number, (message: CdpMessage) => void>();
  #nextOwnId = OWN_ID_BASE;

  /**
   * `level`: a browser-level connection (what clients attach to), or one page's own connection (the
   * DevTools frontend), where commands without a session id go to that page, not to the browser.
   */
  constructor(
    readonly sessionContextId: string,
    private readonly out: FilterOutput,
    private readonly level: 'browser' | 'page' = 'browser',
  ) {
    this.#scope = new CdpScope(sessionContextId);
  }

  /** Whether an answer or event from the browser can go to the client untouched (no parse needed). */
  get hasForeignSessions(): boolean {
    return this.#foreign.size > 0;
  }

  /** Whether the browser's answer to command `id` needs a look before the client sees it. */
  watches(id: number): boolean {
    return id >= OWN_ID_BASE || this.#rewrite.has(id);
  }

  // ---- client → browser ------------------------------------------------------------------------

  fromClient(message: CdpMessage): void {
    const { id, method } = message;
    if (typeof id !== 'number' || typeof method !== 'string') {
      this.#refuse(message, -32600, 'A command needs a numeric "id" and a string "method".');
      return;
    }
    if (id >= OWN_ID_BASE) {
      this.#refuse(message, -32600, `Command ids must be below ${OWN_ID_BASE}.`);
      return;
    }
    if (message.sessionId !== undefined || this.level === 'page') {
      if (message.sessionId !== undefined && this.#foreign.has(message.sessionId)) {
        this.#refuse(message, -32001, 'Session with given id not found.');
        return;
      }
      // Inside a target: its own domains go through. What reaches further — the Target domain, the
      // browser itself, a named context — is held to the same rules as at browser level.
      if (method.startsWith('Target.')) this.#target(message);
      else if (method.startsWith('Browser.')) this.#browser(message);
      else if (
        CONTEXT_SCOPED.has(method) &&
        !this.#scope.namesAllowedContext(message.params?.browserContextId)
      ) {
        this.#foreignContext(message, String(message.params?.browserContextId));
      } else this.out.toBrowser(message);
      return;
    }
    if (method.startsWith('Target.')) this.#target(message);
    else this.#browser(message);
  }

  #browser(message: CdpMessage): void {
    const method = message.method as string;
    const params = message.params ?? {};
    if (method === 'Browser.close') {
      // The session outlives its clients: closing ends this connection, never the browser.
      this.#answer(message, {});
      this.out.closeClient(
        1000,
        'Browser.close ends this client connection; the session and its browser stay',
      );
      return;
    }
    if (method === 'Browser.setDownloadBehavior') {
      const context = params.browserContextId as string | undefined;
      // The session's downloads are the server's to handle; a client's default context asks for nothing.
      if (context === undefined || context === this.sessionContextId) {
        this.#answer(message, {});
        return;
      }
      if (!this.#scope.isOwn(context)) {
        this.#foreignContext(message, context);
        return;
      }
      this.out.toBrowser(message);
      return;
    }
    if (CONTEXT_SCOPED.has(method)) {
      const context = params.browserContextId as string | undefined;
      if (context === undefined) {
        this.out.toBrowser({ ...message, params: { ...params, browserContextId: this.sessionContextId } });
        return;
      }
      if (!this.#scope.allows(context)) {
        this.#foreignContext(message, context);
        return;
      }
      this.out.toBrowser(message);
      return;
    }
    if (TARGET_SCOPED.has(method)) {
      this.#withTarget(message);
      return;
    }
    if (PASS_THROUGH.has(method)) {
      this.out.toBrowser(message);
      return;
    }
    this.#refuse(
      message,
      -32601,
      `${method} is not available through a session's CDP endpoint: it reaches beyond this session.`,
    );
  }

  #target(message: CdpMessage): void {
    const method = message.method as string;
    const params = message.params ?? {};
    switch (method) {
      case 'Target.getBrowserContexts':
        this.#answer(message, { browserContextIds: this.#scope.ownContexts() });
        return;
      case 'Target.getTargets':
        this.#rewrite.set(message.id as number, (result) => ({
          ...result,
          targetInfos: ((result.targetInfos as TargetInfo[] | undefined) ?? []).filter((t) =>
            this.#scope.see(t),
          ),
        }));
        this.out.toBrowser(message);
        return;
      case 'Target.getTargetInfo':
        // Without a target id it is the caller's own target (the browser, at browser level).
        if (params.targetId === undefined) this.out.toBrowser(message);
        else this.#withTarget(message);
        return;
      case 'Target.createTarget': {
        const context = params.browserContextId as string | undefined;
        if (context !== undefined && !this.#scope.allows(context)) {
          this.#foreignContext(message, context);
          return;
        }
        this.out.toBrowser({
          ...message,
          params: { ...params, browserContextId: context ?? this.sessionContextId },
        });
        return;
      }
      case 'Target.createBrowserContext':
        // A client's own context goes with the client's connection.
        this.#rewrite.set(message.id as number, (result) => {
          const id = result.browserContextId;
          if (typeof id === 'string') this.#scope.addOwn(id);
          return result;
        });
        this.out.toBrowser({ ...message, params: { ...params, disposeOnDetach: true } });
        return;
      case 'Target.disposeBrowserContext': {
        const context = params.browserContextId as string | undefined;
        if (context === this.sessionContextId) {
          this.#refuse(
            message,
            -32000,
            "The session's own context cannot be disposed by a client; delete the session through the API instead.",
          );
          return;
        }
        if (context === undefined || !this.#scope.isOwn(context)) {
          this.#foreignContext(message, String(context));
          return;
        }
        this.#scope.dropOwn(context);
        this.out.toBrowser(message);
        return;
      }
      default:
        if (TARGET_SCOPED.has(method)) this.#withTarget(message);
        else if (PASS_THROUGH.has(method)) this.out.toBrowser(message);
        else
          this.#refuse(
            message,
            -32601,
            `${method} is not available through a session's CDP endpoint: it reaches beyond this session.`,
          );
    }
  }

  /** Forwards a command that names a target once the target is known to be this session's. */
  #withTarget(message: CdpMessage): void {
    const targetId = message.params?.targetId;
    if (typeof targetId !== 'string') {
      this.#refuse(message, -32602, `${message.method} needs a "targetId".`);
      return;
    }
    const decide = (context: string | undefined) => {
      if (context !== undefined && this.#scope.allows(context)) this.out.toBrowser(message);
      else this.#refuse(message, -32602, 'No target with given id found');
    };
    if (this.#scope.knows(targetId)) {
      decide(this.#scope.contextOf(targetId));
      return;
    }
    this.#ownCall({ method: 'Target.getTargetInfo', params: { targetId } }, (answer) => {
      const info = answer.result?.targetInfo as TargetInfo | undefined;
      decide(info?.browserContextId);
    });
  }

  // ---- browser → client ------------------------------------------------------------------------

  fromBrowser(message: CdpMessage): void {
    if (typeof message.id === 'number') {
      const own = this.#ownCalls.get(message.id);
      if (own) {
        this.#ownCalls.delete(message.id);
        own(message);
        return;
      }
      if (message.id >= OWN_ID_BASE) return; // an answer to a release the proxy sent
      const rewrite = this.#rewrite.get(message.id);
      if (rewrite) {
        this.#rewrite.delete(message.id);
        if (message.result) {
          this.out.toClient({ ...message, result: rewrite(message.result) });
          return;
        }
      }
      this.out.toClient(message);
      return;
    }
    if (message.sessionId !== undefined && this.#foreign.has(message.sessionId)) return;
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
      this.#foreign.add(sessionId);
      if (params.waitingForDebugger) {
        this.#ownCall({ method: 'Runtime.runIfWaitingForDebugger', sessionId }, () => undefined);
      }
      this.#ownCall(
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
      if (this.#foreign.delete(sessionId)) return;
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

  #ownCall(message: Omit<CdpMessage, 'id'>, then: (answer: CdpMessage) => void): void {
    const id = this.#nextOwnId++;
    this.#ownCalls.set(id, then);
    this.out.toBrowser({ ...message, id });
  }

  #answer(message: CdpMessage, result: Record<string, unknown>): void {
    this.out.toClient(answerTo(message, result));
  }

  #foreignContext(message: CdpMessage, context: string): void {
    this.#refuse(message, -32602, `Browser context ${context.slice(0, 64)} is not this session's.`);
  }

  #refuse(message: CdpMessage, code: number, text: string): void {
    const refusal = refusalOf(message, code, text);
    if (refusal) this.out.toClient(refusal);
  }
}
