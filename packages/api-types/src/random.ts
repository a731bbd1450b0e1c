/**
 * A small seeded PRNG (mulberry32): numbers in [0, 1), the same seed giving the same sequence on every
 * machine. Shared by the demo MarketBridge's price walk (`@marketbridge/controller/testing`) and the
 * server's HTTP fuzzer; it lives here because this is the one package both may import.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
