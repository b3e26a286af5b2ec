// The time a PromQL rate looks back over: the largest range selector in the query ("[1m]",
// "[30s]", a subquery's "[5m:30s]"). Until the load has held its level that long, the server's
// rate still averages in the ramp (or the time before the run) and differs from Locust's
// current rate by construction, so a gap is not yet a finding.

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** Prometheus' duration syntax: 1m, 30s, 1h30m, 500ms. undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((n, p) => n + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
}

/** The largest range in `promql`, in ms; 0 when it has none (an instant gauge needs no warm-up). */
export function rangeWindowMs(promql: string): number {
  let widest = 0;
  // strings may hold brackets ({path="[x]"}): drop them first
  const bare = promql.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  for (const m of bare.matchAll(/\[\s*([0-9a-z]+)\s*(?::\s*[0-9a-z]*\s*)?\]/g)) {
    const ms = durationMs(m[1]!);
    if (ms !== undefined) widest = Math.max(widest, ms);
  }
  return widest;
}

/** "1m", "30s", "1m30s" */
export function windowText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return s % 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s / 60}m`;
}
