// A snippet for `mb-browser run <session> apps/examples/snippets/template.ts`: edit it and rerun it against
// the same live page. It gets the session (reused or created) and the client.
import type { SessionHandle } from '@marketbridge/client';

export default async ({ session }: { session: SessionHandle }) => {
  const target = process.env.MARKETBRIDGE_URL ?? 'http://localhost:8080/';
  if (!session.info.currentUrl.startsWith(target)) await session.navigate(target);
  return {
    url: session.info.currentUrl,
    title: await session.executeJs<string>('document.title'),
  };
};
