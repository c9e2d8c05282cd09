/** How the bench report writes values, targets and spreads (pure, shared by figures and report). */
import type { Spread } from '@/lib/bench/stats';
import type { Target, Unit } from './results';

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'ms':
      if (value < 1000) return `${Math.round(value)} ms`;
      return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
    case 'fraction': {
      const percent = value * 100;
      return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)}%`;
    }
    case 'times':
      return `${value.toFixed(value < 10 ? 2 : 1)}×`;
    case 'bytes':
      if (value < 1_000_000) return `${Math.round(value / 1000)} kB`;
      return `${(value / 1_000_000).toFixed(1)} MB`;
    case 'per_second':
      return `${value < 10 ? value.toFixed(2) : Math.round(value)}/s`;
    case 'count':
      return Math.round(value).toLocaleString('en-US');
  }
}

export function formatTarget(target: Target | undefined, unit: Unit): string {
  if (!target) return '–';
  return `${target.op === '<=' ? '≤' : '~'} ${formatValue(target.value, unit)}`;
}

/** `1.9–2.4 s, 3 runs` (or `1 run`). */
export function formatSpread(s: Spread, unit: Unit = 'ms'): string {
  const runs = `${s.samples.length} run${s.samples.length === 1 ? '' : 's'}`;
  if (s.samples.length === 1) return runs;
  return `${formatValue(s.min, unit)}–${formatValue(s.max, unit)}, ${runs}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
