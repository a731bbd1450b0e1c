export { type Beacon, startBeacon } from './beacon.js';
export { errorOf } from './errors.js';
export { type EventStreamReader, openEventStream, type StreamEvent } from './event-stream.js';
export {
  type Loopback,
  listenOnLoopback,
  type RawRequestOptions,
  type RawResponse,
  rawRequest,
} from './http.js';
export { type CountingProxy, startCountingProxy } from './http-proxy.js';
export { descendantsOf, stillRunning } from './process-tree.js';
export { eventually, pidsWithArg } from './processes.js';
export { runReadmeExample } from './readme-example.js';
export { mountSmallDisk, type SmallDisk, smallDiskUnavailable } from './small-disk.js';
export { createTempHome, type TempHome, withTempHome } from './temp-home.js';
export { deadPort, startTestSite, type TestSite } from './test-site.js';
