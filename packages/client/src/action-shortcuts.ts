/**
 * The shortcuts a script types on a session — click, fill, waitForText… — each one `interact` or `wait`
 * request built from its arguments, so that the session handle holds only the requests themselves.
 */
import type { InteractRequest, WaitRequest, WaitResponse } from '@marketbridge/api-types';

export type ActionOptions = { timeoutMs?: number };

export abstract class ActionShortcuts {
  /** Clicks, fills, types, presses, selects or checks in the page. */
  abstract interact(request: InteractRequest): Promise<void>;
  /** Waits for a selector's state, a text or a URL in the page. */
  abstract waitFor(request: WaitRequest): Promise<WaitResponse>;

  /** One interact request, its action and value already of a shape the schema accepts. */
  #act(request: InteractRequest, options: ActionOptions) {
    return this.interact({ ...request, ...options });
  }

  click(selector: string, options: ActionOptions = {}) {
    return this.#act({ action: 'click', selector }, options);
  }

  fill(selector: string, value: string, options: ActionOptions = {}) {
    return this.#act({ action: 'fill', selector, value }, options);
  }

  /** Types key by key (fires key events), unlike `fill`. */
  type(selector: string, text: string, options: ActionOptions = {}) {
    return this.#act({ action: 'type', selector, value: text }, options);
  }

  press(selector: string, key: string, options: ActionOptions = {}) {
    return this.#act({ action: 'press', selector, value: key }, options);
  }

  select(selector: string, value: string | string[], options: ActionOptions = {}) {
    return this.#act({ action: 'select', selector, value }, options);
  }

  check(selector: string, options: ActionOptions = {}) {
    return this.#act({ action: 'check', selector }, options);
  }

  waitForSelector(
    selector: string,
    options: { state?: 'attached' | 'detached' | 'visible' | 'hidden' } & ActionOptions = {},
  ) {
    return this.waitFor({ for: 'selector', selector, ...options });
  }

  waitForText(text: string, options: ActionOptions = {}) {
    return this.waitFor({ for: 'text', text, ...options });
  }

  waitForUrl(url: string, options: ActionOptions = {}) {
    return this.waitFor({ for: 'url', url, ...options });
  }
}
