// Admission control past the point where the machine is saturated: a server capped (--max-sessions) at
// the session count this machine holds, asked for twice as many sessions and, on every session, for more
// operations than its queue takes, all at once. It must answer every request — the excess with 429/503
// and a clear message, without waiting for the work ahead — finish what it admitted, and keep answering
// /health meanwhile.
import { Agent, request } from 'node:http';
import type { BenchSection } from '../../../bench/types.js';
import { fmtMs, percentile } from '../../../bench/types.js';
import { startServerProcess } from './server-process.js';

/** The per-session queue bound of this run (the default, 100, would need thousands of sockets). */
const QUEUE = 20;
/** Operations sent to each session at once: its queue twice over, plus the one running. */
const BURST = 2 * QUEUE + 1;
/**
 * Every operation of the flood waits in the page until this long after the flood starts, so the first
 * one on each session holds its queue full until then and the count admitted does not depend on when
 * each request arrives.
 */
const HOLD_MS = 15_000;

interface Answer {
  status: number;
  ms: number;
  code?: string;
  message?: string;
  retryAfter?: string;
}

type Send = (method: string, path: string, body?: unknown) => Promise<Answer>;

function sender(baseUrl: string, token: string, agent: Agent): Send {
  const { hostname, port } = new URL(baseUrl);
  return (method, path, body) =>
    new Promise<Answer>((resolve) => {
      const started = performance.now();
      const payload = body === undefined ? '' : JSON.stringify(body);
      const done = (status: number, text: string, retryAfter?: string) => {
        let error: { code?: string; message?: string } | undefined;
        try {
          error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
        } catch {}
        resolve({ status, ms: performance.now() - started, ...error, retryAfter });
      };
      const req = request(
        {
          agent,
          host: hostname,
          port,
          method,
          path,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            done(res.statusCode ?? 0, Buffer.concat(chunks).toString(), res.headers['retry-after'] as string),
          );
        },
      );
      // A connection error or no answer in time counts as status 0: the server failed to answer.
      req.on('error', (e) => done(0, JSON.stringify({ error: { message: e.message } })));
      req.setTimeout(120_000, () => req.destroy(new Error('no answer within 120 s')));
      req.end(payload);
    });
}

interface Phase {
  name: string;
  answers: Answer[];
  refusedStatus: number;
}

/** A phase's answers: the admitted (2xx), the refused (its refusal status) and any other. */
function sortAnswers(p: Phase): { admitted: Answer[]; refused: Answer[]; other: Answer[] } {
  const sorted = { admitted: [] as Answer[], refused: [] as Answer[], other: [] as Answer[] };
  for (const a of p.answers) {
    if (a.status >= 200 && a.status < 300) sorted.admitted.push(a);
    else if (a.status === p.refusedStatus) sorted.refused.push(a);
    else sorted.other.push(a);
  }
  return sorted;
}

const p95Ms = (answers: Answer[]) =>
  answers.length
    ? fmtMs(
        percentile(
          answers.map((a) => a.ms),
          95,
        ),
      )
    : '—';

function phaseRow(p: Phase): (string | number)[] {
  const { admitted, refused, other } = sortAnswers(p);
  return [
    p.name,
    p.answers.length,
    admitted.length,
    `${refused.length} (${p.refusedStatus})`,
    other.length,
    p95Ms(refused),
    p95Ms(admitted),
  ];
}

export async function admissionSection(opts: {
  maxSessions: number;
  /** Why the cap is what it is, for the description. */
  capReason: string;
  url: string;
}): Promise<BenchSection> {
  const { maxSessions, capReason, url } = opts;
  const server = await startServerProcess({ maxSessions: maxSessions, maxQueuedOperations: QUEUE });
  // A connection per request, as a crowd of clients would open: no idle connection is reused, and none
  // is timed out while it waits to be accepted.
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const send = sender(server.url, server.token, agent);
  try {
    const creates: Phase = {
      name: `create ${2 * maxSessions} sessions at once (cap ${maxSessions})`,
      refusedStatus: 429,
      answers: await Promise.all(
        Array.from({ length: 2 * maxSessions }, (_, i) => send('POST', '/sessions', { name: `a${i}`, url })),
      ),
    };
    const names = creates.answers.flatMap((a, i) => (a.status === 201 ? [`a${i}`] : []));

    // /health every 100 ms while every session is flooded.
    const health: Answer[] = [];
    let flooding = true;
    const probe = (async () => {
      while (flooding) {
        health.push(await send('GET', '/health'));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const floodStarted = performance.now();
    const releaseAt = Date.now() + HOLD_MS;
    const script = `new Promise((r) => setTimeout(() => r(1), ${releaseAt} - Date.now()))`;
    const burst = names.flatMap((name) =>
      Array.from({ length: BURST }, () => send('POST', `/sessions/${name}/execute`, { script })),
    );
    // Once the burst's refusals are in, with every queue still full, one more request per session, one
    // at a time: how long a refusal takes when the machine is not also accepting a burst of connections.
    const refusalsExpected = names.length * (BURST - QUEUE - 1);
    let refusalsIn = 0;
    for (const answer of burst) void answer.then((a) => a.status === 503 && refusalsIn++);
    while (refusalsIn < refusalsExpected && Date.now() < releaseAt - 3_000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const probes: Answer[] = [];
    for (const name of names) probes.push(await send('POST', `/sessions/${name}/execute`, { script: '1' }));
    const probesBeforeRelease = Date.now() < releaseAt;
    const executes: Phase = {
      name: `${BURST} executes at once on each of the ${names.length} sessions (queue bound ${QUEUE})`,
      refusedStatus: 503,
      answers: await Promise.all(burst),
    };
    const floodSeconds = (performance.now() - floodStarted) / 1000;
    flooding = false;
    await probe;
    const probeRefusals = probes.filter((a) => a.status === 503).map((a) => a.ms);

    const after: Answer[] = await Promise.all(
      names.map((name) => send('POST', `/sessions/${name}/execute`, { script: '6 * 7' })),
    );
    const memory = server.memoryMb();
    const sample = (p: Phase) => p.answers.find((a) => a.status === p.refusedStatus);
    const healthy = health.filter((h) => h.status === 200);
    const healthMs = health.map((h) => h.ms);
    return {
      title: 'Admission control past the saturation point',
      description:
        `A server started with \`--max-sessions ${maxSessions}\` (${capReason}) and a queue bound of ` +
        `${QUEUE} operations per session. First it is asked for ${2 * maxSessions} sessions at once; then ` +
        `every session it admitted gets ${BURST} executes at once (each waits in the page until ` +
        `${HOLD_MS / 1000} s after the first is sent, so every queue stays full until then), while ` +
        `\`/health\` is polled every 100 ms. Every request must be answered: ` +
        `2xx for the admitted work, 429/503 with a clear message for the excess, nothing else. Latencies are ` +
        `from the client's send, so they include the time the machine takes to accept that many connections.`,
      table: [
        [
          'phase',
          'requests',
          'admitted (2xx)',
          'refused',
          'other answers',
          'refusal p95 ms',
          'admitted p95 ms',
        ],
        phaseRow(creates),
        phaseRow(executes),
      ],
      notes: [
        ...[creates, executes].flatMap((p) => {
          const kinds = [
            ...new Set(sortAnswers(p).other.map((a) => `${a.status || 'no answer'}: ${a.message ?? ''}`)),
          ];
          return kinds.length ? [`Other answers to "${p.name}": ${kinds.slice(0, 3).join(' | ')}.`] : [];
        }),
        `\`/health\` during the flood (${floodSeconds.toFixed(1)} s): ${healthy.length} of ${health.length} ` +
          `answered 200, p95 ${fmtMs(percentile(healthMs, 95))} ms, slowest ${fmtMs(Math.max(...healthMs))} ms.`,
        `With every queue full (${refusalsIn} of ${refusalsExpected} burst refusals in, ` +
          `${probesBeforeRelease ? 'before' : 'NOT all before'} the release), one more execute per session, ` +
          `one at a time: ${probeRefusals.length} of ${probes.length} refused with 503, ` +
          `p50 ${fmtMs(percentile(probeRefusals, 50))} ms, p95 ${fmtMs(percentile(probeRefusals, 95))} ms.`,
        `Afterwards ${after.filter((a) => a.status === 200).length} of ${names.length} sessions answered ` +
          `an execute; server RSS ${memory.server.toFixed(0)} MB, browsers PSS ${memory.browsers.toFixed(0)} MB.`,
        `A 429: "${sample(creates)?.message}" (Retry-After: ${sample(creates)?.retryAfter}).`,
        `A 503: "${sample(executes)?.message}" (Retry-After: ${sample(executes)?.retryAfter}).`,
      ],
    };
  } finally {
    agent.destroy();
    await server.close();
  }
}
