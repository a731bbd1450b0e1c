/**
 * The client → browser side of the CDP filter: what one client's commands may do. A command inside one
 * of the session's targets goes through unless it reaches further (the Target and Browser domains, a
 * named context); at browser level the Browser and Target domains' commands are answered here, pointed
 * at the session's context, forwarded once what they name is the session's, or refused. The lists the
 * rules consult are data in cdp-rules.ts.
 */

import type { FilterOutput } from './cdp-filter.js';
import type { PendingAnswers } from './cdp-pending.js';
import { CONTEXT_SCOPED, OWN_ID_BASE, PASS_THROUGH, TARGET_SCOPED } from './cdp-rules.js';
import { answerTo, type CdpMessage, type CdpScope, refusalOf, type TargetInfo } from './cdp-scope.js';

export class CdpCommands {
  constructor(
    readonly sessionContextId: string,
    private readonly scope: CdpScope,
    private readonly pending: PendingAnswers,
    private readonly out: FilterOutput,
    /** See CdpSessionFilter's constructor: at page level, commands without a session id go to the page. */
    private readonly level: 'browser' | 'page',
  ) {}

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
      if (message.sessionId !== undefined && this.scope.isForeign(message.sessionId)) {
        this.#refuse(message, -32001, 'Session with given id not found.');
        return;
      }
      // Inside a target: its own domains go through. What reaches further — the Target domain, the
      // browser itself, a named context — is held to the same rules as at browser level.
      if (method.startsWith('Target.')) this.#target(message);
      else if (method.startsWith('Browser.')) this.#browser(message);
      else if (
        CONTEXT_SCOPED.has(method) &&
        !this.scope.namesAllowedContext(message.params?.browserContextId)
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
      if (!this.scope.isOwn(context)) {
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
      if (!this.scope.allows(context)) {
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
        this.#answer(message, { browserContextIds: this.scope.ownContexts() });
        return;
      case 'Target.getTargets':
        this.pending.rewrite(message.id as number, (result) => ({
          ...result,
          targetInfos: ((result.targetInfos as TargetInfo[] | undefined) ?? []).filter((t) =>
            this.scope.see(t),
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
        if (context !== undefined && !this.scope.allows(context)) {
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
        this.pending.rewrite(message.id as number, (result) => {
          const id = result.browserContextId;
          if (typeof id === 'string') this.scope.addOwn(id);
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
        if (context === undefined || !this.scope.isOwn(context)) {
          this.#foreignContext(message, String(context));
          return;
        }
        this.scope.dropOwn(context);
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
      if (context !== undefined && this.scope.allows(context)) this.out.toBrowser(message);
      else this.#refuse(message, -32602, 'No target with given id found');
    };
    if (this.scope.knows(targetId)) {
      decide(this.scope.contextOf(targetId));
      return;
    }
    this.pending.call({ method: 'Target.getTargetInfo', params: { targetId } }, (answer) => {
      const info = answer.result?.targetInfo as TargetInfo | undefined;
      decide(info?.browserContextId);
    });
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
