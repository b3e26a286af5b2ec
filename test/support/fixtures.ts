import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeStats } from '../../src/locust/normalize.js';
import type { LocustSnapshot } from '../../src/locust/snapshot.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'locust');

export function fixtureText(name: string): string {
  return readFileSync(path.join(dir, name), 'utf8');
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

export function fixtureSnapshot(name: string, at = 1_800_000_000_000): LocustSnapshot {
  return normalizeStats(fixtureJson(name), at);
}
