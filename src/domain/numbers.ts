// What a count or a rate may look like, wherever it is typed (a flag, a config file, the
// cockpit's prompt): plain decimal digits. `0x10`, `1e3`, `1.5` users are refused, not read
// as 16, 1000 or 1. Pure.

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** A whole number written in decimal digits, at least `min`. */
export function parseWhole(text: string, what: string, min = 0): Parsed<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: `${what} must be a whole number (got "${text}")` };
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value)) return { ok: false, message: `${what} is too large (got "${text}")` };
  if (value < min) return { ok: false, message: `${what} must be at least ${min} (got ${value})` };
  return { ok: true, value };
}

/** The one rule for a user count: the --users flag, the config file and the swarm prompt use it. */
export function parseUserCount(text: string, what = 'users'): Parsed<number> {
  return parseWhole(text, what, 1);
}

/** A decimal number above 0 (a spawn rate: Locust takes 0.5 users/s), no exponent or hex. */
export function parseDecimalRate(text: string, what: string): Parsed<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+(\.\d+)?$/.test(trimmed) || !(value > 0)) return { ok: false, message: `${what} must be a number above 0 (got "${text}")` };
  return { ok: true, value };
}
