// What a user (a key, a run plan, the matrix) can ask of a session. Each resolves false on
// failure, after putting the cause on the status line; none throws into a view.
import type { ScenarioChoice } from '../domain/platform-vocabulary.js';
import type { SavedResults } from '../report/results.js';

export interface SessionActions {
  /** start a swarm, or change the running one's users */
  swarm(users: number, spawnRate: number, runTimeSeconds?: number): Promise<boolean>;
  /** step the users by 10 % (at least 1) from the count last requested */
  stepUsers(direction: 1 | -1): Promise<boolean>;
  setUsers(users: number): Promise<boolean>;
  /** stop the swarm, wait for the workers' final report, save */
  stopSwarm(): Promise<boolean>;
  /** add (delta > 0) or remove workers, counted from those alive */
  changeWorkers(delta: number): Promise<boolean>;
  /** saves and closes the current results first */
  switchScenario(scenario: ScenarioChoice): Promise<boolean>;
  /** saves and closes the current results first */
  resetStats(): Promise<boolean>;
  /** leave: save, then stop what ltop started (teardown also deletes what it deployed) */
  shutdown(mode?: 'detach' | 'teardown'): Promise<SavedResults | null>;
}

/** The next user count for a step: 10 % of the current, at least 1, never below 0. */
export function steppedUsers(current: number, direction: 1 | -1): number {
  return Math.max(0, current + direction * Math.max(1, Math.round(current * 0.1)));
}
