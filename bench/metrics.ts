/** The benchmarks' output: one JSON line per metric, `{"metric","value","unit"}`, and percentiles. */

export function metric(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ metric: name, value: Math.round(value * 1000) / 1000, unit }));
}

/** The nearest-rank percentile `p` (0–100) of the samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
