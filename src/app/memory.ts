// What ltop remembers between runs (the last swarm's users and spawn rate), via conf.
import Conf from 'conf';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

interface Remembered {
  lastSwarm?: { users: number; spawnRate: number };
}

function stateDir(): string {
  return process.env['LTOP_STATE_DIR'] || path.join(process.env['XDG_CONFIG_HOME'] || path.join(homedir(), '.config'), 'ltop');
}

function open(): Conf<Remembered> | null {
  const cwd = stateDir();
  try {
    // conf retries for a long time, blocking, on a folder it cannot create or write: a
    // read-only home would freeze the cockpit. Check first, and remember nothing there.
    mkdirSync(cwd, { recursive: true });
    accessSync(cwd, constants.W_OK);
    return new Conf<Remembered>({ projectName: 'ltop', cwd });
  } catch {
    return null;
  }
}

export function recallLastSwarm(): { users: number; spawnRate: number } | undefined {
  return open()?.get('lastSwarm');
}

export function rememberLastSwarm(value: { users: number; spawnRate: number }): void {
  try {
    open()?.set('lastSwarm', value);
  } catch {
    // best effort
  }
}
