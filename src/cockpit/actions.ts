// What the cockpit can ask of the session: the one interface between a keypress and a side
// effect. The app implements it (from the Session); tests implement it with a spy.
import type { PendingAction } from '../state/state.js';

export interface CockpitActions {
  /** start a swarm, or change the running one to this many users */
  swarm(users: number, spawnRate: number): void;
  /** 10 % more (+1) or fewer (-1) users, at least 1, from the count asked last: the session steps it */
  stepUsers(direction: 1 | -1): void;
  /** stop the running test (the session saves results first) */
  stop(): void;
  /** add (+1) or remove (-1) workers */
  scaleWorkers(delta: number): void;
  /** restart master and workers on this bundled scenario (results saved first) */
  switchScenario(name: string): void;
  /** reset Locust's statistics (the current ones saved first) */
  reset(): void;
  /** create the platform's infrastructure (eks), then start the swarm's runtime on it */
  provision(): void;
  /** save, then destroy what ltop deployed, then leave */
  teardown(): void;
  /** save, stop what ltop started locally, leave */
  quit(): void;
}

/** Runs what a confirmation was holding. */
export function perform(action: PendingAction, actions: CockpitActions): void {
  switch (action.kind) {
    case 'stop':
      return actions.stop();
    case 'scale-workers':
      return actions.scaleWorkers(action.delta);
    case 'reset':
      return actions.reset();
    case 'teardown':
      return actions.teardown();
    case 'provision':
      return actions.provision();
    case 'quit':
      return actions.quit();
    case 'switch-scenario':
      return actions.switchScenario(action.name);
  }
}
