// Number and text formatting for the screen and the line printer. Pure.
import stringWidth from 'string-width';
import { narrowWidth } from './narrow-text.js';

export function fmtCount(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e5) return `${Math.round(value / 1e3)}k`;
  return String(Math.round(value));
}

export function fmtRate(value: number): string {
  if (value >= 1e4) return fmtCount(value);
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function fmtMs(value: number | null): string {
  if (value === null) return '—';
  if (value >= 10000) return `${(value / 1000).toFixed(1)}s`;
  return value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 0 : 1).replace(/\.0$/, '');
}

export function fmtBytes(value: number | null): string {
  if (value === null) return '—';
  if (value >= 1024 ** 3) return `${(value / 1024 ** 3).toFixed(1)}G`;
  if (value >= 1024 ** 2) return `${(value / 1024 ** 2).toFixed(0)}M`;
  if (value >= 1024) return `${(value / 1024).toFixed(0)}k`;
  return `${Math.round(value)}B`;
}

export function fmtPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.001 ? 2 : 1)}%`;
}

export function fmtDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = String(minutes).padStart(2, '0');
  const ss = String(seconds).padStart(2, '0');
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Terminal columns: a CJK character or an emoji takes two, a combining mark none. */
export function displayWidth(text: string): number {
  return narrowWidth(text) ?? stringWidth(text);
}

/** Cut to width with an ellipsis; never takes more than `width` columns, never splits a character. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return displayWidth(text) <= width ? text : cut(text, width);
}

/** `text`, known to be wider than `width`, cut to it with an ellipsis. */
function cut(text: string, width: number): string {
  if (width === 1) return '…';
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const columns = displayWidth(segment);
    if (used + columns > width - 1) break;
    kept += segment;
    used += columns;
  }
  return `${kept}…`;
}

/** Cut and pad to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  // measured once: this runs for every cell of every table on every frame
  const columns = displayWidth(text);
  const shown = columns <= width ? text : cut(text, width);
  const pad = ' '.repeat(width - (columns <= width ? columns : displayWidth(shown)));
  return align === 'left' ? shown + pad : pad + shown;
}

/** Axis labels: short enough for a 7-character column. */
export function fmtAxis(value: number): string {
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (Math.abs(value) >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  if (Math.abs(value) >= 100) return value.toFixed(0);
  return value.toFixed(1);
}

/** "1 user", "20 users". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "updated 3s ago", from the time of the last snapshot. */
export function fmtAgo(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  return `${Math.floor(seconds / 60)}m ago`;
}

/** One screen line of a message that may hold several (an HTML error body, a traceback). */
export function oneLine(text: string): string {
  return text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}
