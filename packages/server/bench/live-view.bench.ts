// Live view: frames per second and frame latency of a session's picture while its page animates,
// read through the real HTTP stream (GET /sessions/:id/frames, text/event-stream) as the dashboard
// reads it. Latency = arrival at the reader - the frame's timestamp (when the server got it from
// Chromium), both on this machine's clock.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameEvent } from '@marketbridge/api-types';
import { createTempHome, openEventStream } from '@marketbridge/test-helpers';
import type { BenchSection } from '../../../bench/types.js';
import { fmtMs, median, percentile } from '../../../bench/types.js';
import { createServer } from '../src/index.js';

const SECONDS = 8;

/** A page that changes every animation frame: a moving box and a running counter. */
const ANIMATED = `<!doctype html><title>Animated</title>
<style>body{margin:0;font:32px sans-serif}#box{position:absolute;top:120px;width:120px;height:120px;background:#1f6feb}</style>
<div id="n">0</div><div id="box"></div>
<script>let n=0;const box=document.getElementById('box'),out=document.getElementById('n');
(function tick(){n++;out.textContent='frame '+n;box.style.left=(n*7%(innerWidth-120))+'px';requestAnimationFrame(tick);})();</script>`;

interface Config {
  what: string;
  viewport: { width: number; height: number };
  query: string;
}

const configs: Config[] = [
  { what: '1280x800, quality 70 (dashboard default)', viewport: { width: 1280, height: 800 }, query: '' },
  {
    what: '1280x800, quality 50, maxWidth 640',
    viewport: { width: 1280, height: 800 },
    query: '?quality=50&maxWidth=640',
  },
  { what: '800x600, quality 70', viewport: { width: 800, height: 600 }, query: '' },
];

export default async function bench(): Promise<BenchSection> {
  const home = createTempHome('mb-live-bench-');
  const site = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(ANIMATED);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const pageUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  const server = await createServer({ home: home.dir, port: 0, consoleLogLevel: false, saveIntervalMs: 0 });
  const headers = { authorization: `Bearer ${server.token}` };
  const rows: (string | number)[][] = [];
  let defaultFps = 0;
  let defaultP50 = 0;
  try {
    for (const [i, c] of configs.entries()) {
      const name = `bench-${i}`;
      await server.sessions.create({ name, url: pageUrl, viewport: c.viewport });
      const stream = await openEventStream(`${server.url}/sessions/${name}/frames${c.query}`, headers);
      await stream.next('frame', 10_000);
      await new Promise((r) => setTimeout(r, 1_000)); // warm-up
      const from = stream.events.length;
      const started = Date.now();
      await new Promise((r) => setTimeout(r, SECONDS * 1000));
      const elapsed = (Date.now() - started) / 1000;
      const frames = stream.events.slice(from).filter((e) => e.event === 'frame');
      stream.close();
      await server.sessions.delete(name, false);
      const latencies = frames.map((e) => e.receivedAt - (e.data as FrameEvent).timestamp);
      const kb =
        frames.reduce((sum, e) => sum + ((e.data as FrameEvent).jpeg.length * 3) / 4, 0) /
        frames.length /
        1024;
      const fps = frames.length / elapsed;
      if (i === 0) {
        defaultFps = fps;
        defaultP50 = median(latencies);
      }
      rows.push([
        c.what,
        frames.length,
        fps.toFixed(1),
        fmtMs(median(latencies)),
        fmtMs(percentile(latencies, 95)),
        kb.toFixed(1),
      ]);
    }
  } finally {
    await server.close();
    await new Promise((r) => site.close(r));
    home.remove();
  }
  return {
    title: 'Server: live view frame rate and latency (real Chromium, HTTP event stream)',
    description:
      `A session shows a page that changes on every animation frame; a fetch() reader (as the dashboard uses) ` +
      `reads GET /sessions/:id/frames for ${SECONDS} s after a 1 s warm-up. Latency is arrival at the reader minus ` +
      'the frame timestamp (when the server received the frame from Chromium over CDP): server-side encoding, the ' +
      'HTTP stream and parsing. Headless Chromium, CDP screencast, each frame acknowledged on receipt.',
    table: [['picture', 'frames', 'fps', 'latency median ms', 'latency p95 ms', 'mean frame KiB'], ...rows],
    notes: [
      `Default settings: ${defaultFps.toFixed(1)} fps, ${fmtMs(defaultP50)} ms median latency. Chromium sends a frame ` +
        'only when the page changes and after the previous one is acknowledged, so a static page costs nothing and the ' +
        'rate is bounded by the machine (Chromium, Node and the reader share its cores).',
      "The frame's time in Chromium before it reaches the server (compositor → CDP) is not included: Chromium's frame " +
        "clock is not Node's (it can read a few ms ahead), so the two are not subtracted.",
    ],
  };
}
