import type { Session } from '@marketbridge/client';
import { ago } from '../../output.js';

/** A session in a few lines, as create, show, recycle and open print it. */
export function describeSession(s: Session): string {
  return [
    `${s.name} (${s.id})`,
    `  status ${s.status}, ${s.headless ? 'headless' : 'headed'} ${s.browserType} ${s.viewport.width}x${s.viewport.height}`,
    `  url ${s.currentUrl}${s.title ? ` — ${s.title}` : ''}`,
    `  pages ${s.pageCount}, created ${s.createdAt}, idle ${ago(s.lastActivity)}`,
    ...(Object.keys(s.metadata).length ? [`  metadata ${JSON.stringify(s.metadata)}`] : []),
    // Secrets come redacted from the server: the proxy password, credential-like header values.
    ...(s.options && Object.keys(s.options).length ? [`  options ${JSON.stringify(s.options)}`] : []),
  ].join('\n');
}
