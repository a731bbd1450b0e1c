// `@marketbridge/api-types/wire`: what a client needs to make requests, without zod. The route table
// reduced to methods, paths and media types (generated from routes.ts), the error catalog, the timeout
// policy and path filling. The main entry builds every schema at import; this one builds none.
export { type ErrorCode, errorCatalog, errorCodes, errorStatus, isErrorCode } from './error-catalog.js';
export { fillPath } from './fill-path.js';
export type { RouteWireEntry } from './route-types.js';
export { routeWire } from './route-wire.js';
export * from './timeouts.js';
