import { accessSync, constants } from 'node:fs';
import type { BrowserType } from '@marketbridge/api-types';
import { chromium, firefox, webkit } from 'playwright-core';
import { BrowserUnavailableError } from './errors.js';

export interface LocatedBrowser {
  browserType: BrowserType;
  /** Undefined means "let Playwright use its own build". */
  executablePath: string;
  source: 'MB_BROWSER_EXECUTABLE' | 'playwright-cache' | 'system';
}

const systemChromium: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

function isExecutable(path: string | undefined): path is string {
  if (!path) return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightBuild(browserType: BrowserType): string | undefined {
  try {
    return { chromium, firefox, webkit }[browserType].executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Finds a browser executable: `MB_BROWSER_EXECUTABLE` (Chromium only), then Playwright's browser
 * cache, then the system's Chrome/Chromium. Throws `browser_unavailable` naming the fix.
 */
export function locateBrowser(browserType: BrowserType = 'chromium', env = process.env): LocatedBrowser {
  if (browserType === 'chromium') {
    const fromEnv = env.MB_BROWSER_EXECUTABLE;
    if (fromEnv) {
      if (isExecutable(fromEnv))
        return { browserType, executablePath: fromEnv, source: 'MB_BROWSER_EXECUTABLE' };
      throw new BrowserUnavailableError(
        `MB_BROWSER_EXECUTABLE is set to "${fromEnv}", which is not an executable file. Fix or unset it.`,
      );
    }
  }
  const cached = playwrightBuild(browserType);
  if (isExecutable(cached)) return { browserType, executablePath: cached, source: 'playwright-cache' };
  if (browserType === 'chromium') {
    const system = (systemChromium[process.platform] ?? []).find(isExecutable);
    if (system) return { browserType, executablePath: system, source: 'system' };
    throw new BrowserUnavailableError(
      'No Chromium found. Set MB_BROWSER_EXECUTABLE to a Chrome/Chromium binary, or install one: ' +
        '`npx playwright install chromium`, or on Debian/Ubuntu `sudo apt-get install -y chromium`.',
    );
  }
  throw new BrowserUnavailableError(
    `${browserType} is not installed: Playwright's ${browserType} build was not found${cached ? ` at ${cached}` : ''}. ` +
      `Install it with \`npx playwright install ${browserType}\`, or use browserType "chromium".`,
  );
}
