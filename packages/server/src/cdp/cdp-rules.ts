/**
 * The CDP filter's rules, as data: which browser-level methods act only on what they name (a context or
 * a target, checked), which pass as they are, and which target events are filtered. A browser-level
 * method in none of these lists is refused (see cdp-commands.ts).
 */

/** Ids of the proxy's own commands: far above what a client numbers its commands with. */
export const OWN_ID_BASE = 2_000_000_000;

/** Browser-level methods that touch nothing but what they name (checked) or the browser's identity. */
export const CONTEXT_SCOPED = new Set([
  'Storage.getCookies',
  'Storage.setCookies',
  'Storage.clearCookies',
  'Browser.grantPermissions',
  'Browser.resetPermissions',
  'Browser.setPermission',
  'Browser.cancelDownload',
]);
export const TARGET_SCOPED = new Set([
  'Target.attachToTarget',
  'Target.activateTarget',
  'Target.closeTarget',
  'Target.exposeDevToolsProtocol',
  'Target.autoAttachRelated',
  'Browser.getWindowForTarget',
]);
export const PASS_THROUGH = new Set([
  'Browser.getVersion',
  'Browser.getWindowBounds',
  'Browser.setWindowBounds',
  'Target.setAutoAttach',
  'Target.setDiscoverTargets',
  'Target.detachFromTarget',
  'SystemInfo.getInfo',
  'SystemInfo.getFeatureState',
]);
export const TARGET_EVENTS = new Set([
  'Target.targetCreated',
  'Target.targetInfoChanged',
  'Target.targetDestroyed',
  'Target.targetCrashed',
]);
