export { errorOf } from './errors.js';
export { type RawRequestOptions, type RawResponse, rawRequest } from './http.js';
export { eventually, pidsWithArg } from './processes.js';
export { createTempHome, type TempHome, withTempHome } from './temp-home.js';
export { deadPort, startTestSite, type TestSite } from './test-site.js';
