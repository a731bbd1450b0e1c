// Chromium's `--disable-features` switch: which features a launch turns off, merged into one switch.
//
// Chromium honours only the last `--disable-features` on its command line, and Playwright writes its own
// (features it turns off so automation behaves: paint holding, HTTPS upgrades, storage partitioning...)
// before the caller's arguments. A second switch, ours or one in the caller's `launchArgs`, would
// silently turn all of Playwright's back on. So every list goes into one switch, written last.
import { createRequire } from 'node:module';

/**
 * Browser UI that a Chromium window preloads and automation never shows: the WebUI omnibox (address
 * bar) popups. Each session's context is a profile of its own, so each got a renderer process for
 * them, ~30 MB PSS per session (BENCHMARKS.md, idle memory per session). Without them a headed
 * window's address bar shows its native popup; pages, cookies and CDP clients see no difference.
 * Both must go: with either one alone the renderer stays.
 */
export const UNSHOWN_UI_FEATURES: readonly string[] = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

const SWITCH = '--disable-features=';

let playwrightDefaults: string[] | undefined | null = null;

/**
 * The features Playwright's own Chromium arguments disable, read from playwright-core (its server-side
 * default arguments: not public API, so read once and guarded); undefined when they cannot be read.
 */
export function playwrightDisabledFeatures(): string[] | undefined {
  if (playwrightDefaults !== null) return playwrightDefaults;
  playwrightDefaults = undefined;
  try {
    const require = createRequire(import.meta.url);
    const core = require('playwright-core/lib/coreBundle') as {
      server?: { createPlaywright?: (o: { sdkLanguage: string }) => unknown };
    };
    const chromium = (
      core.server?.createPlaywright?.({ sdkLanguage: 'javascript' }) as {
        chromium?: { _innerDefaultArgs?: (o: { args: string[] }) => string[] };
      }
    )?.chromium;
    const args = chromium?._innerDefaultArgs?.({ args: [] });
    const features = args ? featuresOf(args) : undefined;
    if (features && features.length > 0) playwrightDefaults = features;
  } catch {}
  return playwrightDefaults;
}

/** The features named by every `--disable-features` switch in `args`, in order, without repeats. */
export function featuresOf(args: readonly string[]): string[] | undefined {
  const found = args.filter((a) => a.startsWith(SWITCH));
  if (found.length === 0) return undefined;
  const names = found.flatMap((a) => a.slice(SWITCH.length).split(',')).map((s) => s.trim());
  return [...new Set(names.filter(Boolean))];
}

/**
 * `args` with its `--disable-features` switches replaced by one, written last, that also names
 * Playwright's `defaults` and `extra`. Without `defaults` (Playwright's list unknown) `args` is returned
 * as it was: adding a switch would drop Playwright's list.
 */
export function withDisabledFeatures(
  args: readonly string[],
  extra: readonly string[],
  defaults: readonly string[] | undefined,
): string[] {
  const own = featuresOf(args) ?? [];
  if (!defaults || (extra.length === 0 && own.length === 0)) return [...args];
  const merged = [...new Set([...defaults, ...own, ...extra])];
  return [...args.filter((a) => !a.startsWith(SWITCH)), `${SWITCH}${merged.join(',')}`];
}
