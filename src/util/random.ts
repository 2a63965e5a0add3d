// Random peer selection, as Fabric's util.GetRandomIndices: membership sync,
// alive gossip and identity-pull rounds each pick k distinct peers at random.

/** Up to k distinct items of `items`, in random order (partial Fisher-Yates). */
export function pickRandom<T>(items: readonly T[], k: number): T[] {
  const pool = [...items];
  const n = Math.min(Math.max(0, k), pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, n);
}
