/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: what a scraper would
 * refuse, it throws on, naming the line. Checked: metric and label names, label value escapes, sample
 * values, `# TYPE` once per family and before its samples, a family's samples together, no series
 * twice, every sample named as its family's type allows (`_bucket`/`_sum`/`_count` for a histogram),
 * `le` on every bucket. {@link histogramProblems} then checks what the format leaves to the producer.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name (`x_bucket` for a bucket of histogram `x`). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string | undefined;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * A float as the format writes it: decimal, exponent, NaN, +Inf, -Inf — the specials in any case, as
 * Prometheus reads them (Go's ParseFloat); prom-client writes NaN as `Nan`.
 */
export function parseValue(text: string, where: string): number {
  if (/^nan$/i.test(text)) return Number.NaN;
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`${where}: bad value "${text}"`);
  return Number(text);
}

/** `{a="x",b="y"}` from `at` (the `{`): the labels and where the text after `}` starts. */
function parseLabels(
  line: string,
  at: number,
  where: string,
): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = at + 1;
  while (line[i] !== '}') {
    const eq = line.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: label without "="`);
    const name = line.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`${where}: bad label name "${name}"`);
    if (name in labels) throw new Error(`${where}: label "${name}" twice`);
    if (line[eq + 1] !== '"') throw new Error(`${where}: label value not quoted`);
    let value = '';
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] !== '\\') {
        value += line[j];
        continue;
      }
      const escaped = line[++j];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else throw new Error(`${where}: bad escape "\\${escaped ?? ''}" in a label value`);
    }
    if (j >= line.length) throw new Error(`${where}: unterminated label value`);
    labels[name] = value;
    i = j + 1;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') throw new Error(`${where}: expected "," or "}" after a label`);
  }
  return { labels, end: i + 1 };
}

/** The family a sample named `name` belongs to, given the families declared so far. */
function familyOf(name: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
  const own = families.get(name);
  if (own) return own;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!name.endsWith(suffix)) continue;
    const family = families.get(name.slice(0, -suffix.length));
    if (family?.type === 'histogram' || (family?.type === 'summary' && suffix !== '_bucket')) return family;
  }
  return undefined;
}

/** Parses a whole exposition; throws at the first line a strict scraper would refuse. */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the exposition does not end with a newline');
  const families = new Map<string, MetricFamily>();
  const seen = new Set<string>();
  const typed = new Set<string>();
  let current: MetricFamily | undefined;
  const lines = text.split('\n');
  lines.pop();
  lines.forEach((line, index) => {
    const where = `line ${index + 1} "${line.slice(0, 120)}"`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!match) return; // any other comment
      const [, kind, name = '', rest = ''] = match;
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name`);
      let family = families.get(name);
      if (family && family !== current)
        throw new Error(`${where}: ${name} is described again after other metrics`);
      if (!family) {
        if (familyOf(name, families)) throw new Error(`${where}: ${name} clashes with a histogram's samples`);
        family = { name, type: 'untyped', help: undefined, samples: [] };
        families.set(name, family);
      }
      current = family;
      if (kind === 'HELP') {
        if (family.help !== undefined) throw new Error(`${where}: second HELP`);
        family.help = rest.replace(/\\(n|\\)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
      } else {
        if (typed.has(name)) throw new Error(`${where}: second TYPE`);
        typed.add(name);
        if (family.samples.length > 0) throw new Error(`${where}: TYPE after the samples`);
        if (!TYPES.has(rest as MetricType)) throw new Error(`${where}: unknown type "${rest}"`);
        family.type = rest as MetricType;
      }
      return;
    }
    const nameEnd = line.search(/[{ ]/);
    if (nameEnd <= 0) throw new Error(`${where}: not a sample`);
    const name = line.slice(0, nameEnd);
    if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name`);
    let labels: Record<string, string> = {};
    let rest = line.slice(nameEnd);
    if (rest.startsWith('{')) {
      const parsed = parseLabels(line, nameEnd, where);
      labels = parsed.labels;
      rest = line.slice(parsed.end);
    }
    const fields = rest.split(' ');
    if (fields[0] !== '' || fields.length < 2 || fields.length > 3 || fields.includes('', 1))
      throw new Error(`${where}: expected " value [timestamp]" after the name and labels`);
    const value = parseValue(fields[1] ?? '', where);
    if (fields[2] !== undefined && !/^-?\d+$/.test(fields[2])) throw new Error(`${where}: bad timestamp`);
    let family = familyOf(name, families);
    if (!family) {
      family = { name, type: 'untyped', help: undefined, samples: [] };
      families.set(name, family);
    } else if (family !== current) {
      throw new Error(`${where}: a sample of ${family.name} apart from the others`);
    }
    current = family;
    if (family.type === 'counter' || family.type === 'gauge' || family.type === 'untyped') {
      if (name !== family.name) throw new Error(`${where}: a ${family.type} sample named ${name}`);
    }
    if (name.endsWith('_bucket') && family.type === 'histogram') {
      if (labels.le === undefined) throw new Error(`${where}: a bucket without "le"`);
      parseValue(labels.le, where);
    }
    if (family.type === 'counter' && !(value >= 0)) throw new Error(`${where}: a counter below 0`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;
    if (seen.has(key)) throw new Error(`${where}: the same series twice`);
    seen.add(key);
    family.samples.push({ name, labels, value });
  });
  return families;
}

/** The value of the one sample of `name` whose labels include `labels` (undefined when none; throws when several). */
export function sampleValue(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const matching = [...families.values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (matching.length > 1)
    throw new Error(`${matching.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matching[0]?.value;
}

/**
 * What is wrong with a histogram family: each series (labels but `le`) must have the same bucket
 * bounds as the others, ascending, ending at +Inf; counts never falling as `le` grows; the +Inf
 * bucket equal to `_count`; a `_sum`, not below 0 (every histogram here measures durations or sizes).
 */
export function histogramProblems(family: MetricFamily): string[] {
  const problems: string[] = [];
  const series = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name === `${family.name}_bucket`)
      entry.buckets.push([parseValue(le ?? '', key), sample.value]);
    else if (sample.name === `${family.name}_sum`) entry.sum = sample.value;
    else if (sample.name === `${family.name}_count`) entry.count = sample.value;
  }
  let bounds: string | undefined;
  for (const [key, { buckets, sum, count }] of series) {
    const where = `${family.name}${key}`;
    const les = buckets.map(([le]) => le);
    if (les.some((le, i) => i > 0 && le <= (les[i - 1] as number)))
      problems.push(`${where}: bounds not ascending`);
    if (les.at(-1) !== Number.POSITIVE_INFINITY) problems.push(`${where}: no +Inf bucket`);
    bounds ??= JSON.stringify(les);
    if (JSON.stringify(les) !== bounds) problems.push(`${where}: other bounds than the first series`);
    if (buckets.some(([, n], i) => i > 0 && n < (buckets[i - 1]?.[1] as number)))
      problems.push(`${where}: a bucket counts fewer than the one below it`);
    if (count === undefined) problems.push(`${where}: no _count`);
    else if (buckets.at(-1)?.[1] !== count)
      problems.push(`${where}: +Inf bucket ${buckets.at(-1)?.[1]} ≠ _count ${count}`);
    if (sum === undefined) problems.push(`${where}: no _sum`);
    else if (!(sum >= 0)) problems.push(`${where}: _sum ${sum} below 0`);
  }
  return problems;
}
