// Zod-free: the client fills paths on its first request (`@marketbridge/api-types/wire`).

/**
 * Fills an Express-style path template (`/sessions/:id/navigate`) with `params`, each value
 * `encodeURIComponent`-ed. A template segment without a value throws: that is a bug, not a request.
 */
export function fillPath(template: string, params: unknown): string {
  return template.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, key: string) => {
    const value: unknown =
      typeof params === 'object' && params !== null
        ? Object.getOwnPropertyDescriptor(params, key)?.value
        : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new TypeError(`${template}: no value for :${key}`);
    }
    return encodeURIComponent(String(value));
  });
}
