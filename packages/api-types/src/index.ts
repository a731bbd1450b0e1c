export * from './actions.js';
export {
  boundedArray,
  boundedInt,
  boundedNumber,
  boundedString,
  checkJsonBounds,
  inRange,
  JSON_BOUND_KEYWORDS,
  type JsonBounds,
  type JsonMeasure,
  measureJson,
  serializedBytes,
  withJsonBounds,
} from './bounded.js';
export * from './cdp.js';
export * from './common.js';
export * from './downloads.js';
export type { Target } from './element-target.js';
export * from './errors.js';
export * from './health.js';
export * from './interact.js';
export { formatIssues, type Issue, issuesOf } from './issues.js';
export * from './limits.js';
export * from './live.js';
export { buildOpenApiDocument } from './openapi.js';
export * from './pages.js';
export * from './profiles.js';
export { seededRandom } from './random.js';
export { binaryMediaTypes, layerErrors, type RouteResponses, routeResponses } from './responses.js';
export * from './route-types.js';
export * from './routes.js';
export * from './sessions.js';
export * from './storage.js';
export * from './timeouts.js';
export { API_VERSION } from './version.js';
