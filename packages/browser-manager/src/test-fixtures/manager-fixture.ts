import { createTempHome, startTestSite, type TempHome, type TestSite } from '@marketbridge/test-helpers';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { BrowserManager } from '../manager.js';
import type { BrowserManagerOptions } from '../types.js';

export interface ManagerFixture {
  home: TempHome;
  site: TestSite;
  manager: BrowserManager;
}

/**
 * A test site for the file, and a manager in a fresh temp home — one for the whole file, or a new one
 * per test with `perTest`. Tests may replace `manager` (it is the one closed afterwards).
 */
export function useManager(options: { perTest?: boolean } & BrowserManagerOptions = {}): ManagerFixture {
  const { perTest = false, ...managerOptions } = options;
  const fx = {} as ManagerFixture;
  beforeAll(async () => {
    fx.site = await startTestSite();
  });
  afterAll(async () => fx.site?.close());
  (perTest ? beforeEach : beforeAll)(async () => {
    fx.home = createTempHome();
    fx.manager = await BrowserManager.create({ home: fx.home.dir, saveIntervalMs: 0, ...managerOptions });
  });
  (perTest ? afterEach : afterAll)(async () => {
    await fx.manager?.close();
    fx.home?.remove();
  });
  return fx;
}
