export { createTempHome, type TempHome, withTempHome } from './temp-home.js';
