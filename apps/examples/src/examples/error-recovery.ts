import { SessionNotFoundError } from '@marketbridge/client';
import type { Example } from '../example.js';

export const errorRecovery: Example = {
  name: 'error recovery',
  description: 'the session is deleted under the script; it sees a typed error and recreates it by name',
  async run({ client, marketbridgeUrl, log }) {
    const session = await client.createSession('example-recover', { reuse: true, url: marketbridgeUrl });
    await client.deleteSession('example-recover'); // someone else, e.g. a cleanup job
    try {
      await session.executeJs('document.title');
      throw new Error('expected the deleted session to fail');
    } catch (error) {
      if (!(error instanceof SessionNotFoundError)) throw error;
      log(`caught ${error.name}: ${error.serverMessage}`);
    }
    const again = await client.createSession('example-recover', { reuse: true, url: marketbridgeUrl });
    const title = await again.executeJs<string>('document.title');
    await again.delete();
    return `recreated "${again.name}" and carried on (page title "${title}")`;
  },
};
