export * from './actions.js';
export * from './common.js';
export * from './errors.js';
export * from './health.js';
export { formatIssues, type Issue, issuesOf } from './issues.js';
export { buildOpenApiDocument } from './openapi.js';
export * from './routes.js';
export * from './sessions.js';
export { API_VERSION } from './version.js';
