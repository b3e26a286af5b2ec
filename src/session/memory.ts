// What ltop remembers between runs (the last swarm's users and spawn rate), via conf.
import Conf from 'conf';

interface Remembered {
  lastSwarm?: { users: number; spawnRate: number };
}

function open(): Conf<Remembered> | null {
  try {
    const cwd = process.env['LTOP_STATE_DIR'];
    return new Conf<Remembered>({ projectName: 'ltop', ...(cwd ? { cwd } : {}) });
  } catch {
    // an unwritable home must not stop a load test
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
