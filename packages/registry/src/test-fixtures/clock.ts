/** A settable clock for `new SessionRegistry({ now })`. */
export function fakeClock(start = '2026-01-01T00:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    iso: () => new Date(t).toISOString(),
  };
}
