export { errorOf } from './errors.js';
export { eventually, pidsWithArg } from './processes.js';
export { createTempHome, type TempHome, withTempHome } from './temp-home.js';
export { deadPort, startTestSite, type TestSite } from './test-site.js';
