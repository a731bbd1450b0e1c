import { readFileSync } from 'node:fs';
import { BrowserController } from '@marketbridge/controller';
import type { Example } from '../example.js';

export const debugScreenshots: Example = {
  name: 'debug screenshots',
  description:
    "full-page and element screenshots, one also stored server-side, the controller's labelled one",
  async run({ client, marketbridgeUrl, scratch, log }) {
    const session = await client.createSession('example-shots', { reuse: true, url: marketbridgeUrl });
    const full = `${scratch}/debug_full.png`;
    await session.screenshot(full, { fullPage: true, save: true });
    const element = `${scratch}/debug_form.png`;
    await session.screenshot(element, { selector: '#subscription-form' });
    const controller = new BrowserController({
      client,
      marketbridgeUrl,
      screenshotsDir: scratch,
      logger: false,
    });
    await controller.startSession('example-shots');
    const labelled = await controller.takeDebugScreenshot('../not a path/order form');
    await controller.close();
    for (const file of [full, element, labelled]) {
      if (readFileSync(file).subarray(0, 4).toString('hex') !== '89504e47')
        throw new Error(`${file} is not a PNG`);
      log(file);
    }
    await session.delete();
    return `3 PNGs written, the labelled one as ${labelled.split('/').at(-1)}`;
  },
};
