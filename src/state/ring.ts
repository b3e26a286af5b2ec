// Bounded, immutable history: appending returns a new array of at most `capacity` items.
export function appendBounded<T>(items: readonly T[], item: T, capacity: number): readonly T[] {
  const next = items.length >= capacity ? items.slice(items.length - capacity + 1) : items.slice();
  next.push(item);
  return next;
}
