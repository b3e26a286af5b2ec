// Pure: (state, event) -> state. No clocks, no I/O; times come inside the events.
import type { EndpointStats, LocustSnapshot } from '../locust/snapshot.js';
import type { Event } from './events.js';
import { budgetReached } from './budget.js';
import { logLineOf, noticeLine } from './log-lines.js';
import { appendBounded } from './ring.js';
import { HISTORY_CAPACITY, LOG_CAPACITY, TIMELINE_CAPACITY, type HistoryPoint, type State } from './state.js';

const ACTIVE = new Set(['spawning', 'running']);
/**
 * After /stats/reset Locust's rolling rate is an average over no seconds (0) for about 2 s,
 * then over too few: a sample in that window is a dip that never happened, so it is not plotted.
 */
export const RESET_BLIND_MS = 6000;

function historyPoint(snapshot: LocustSnapshot, active: boolean): HistoryPoint {
  // A stopped swarm sends nothing, whatever rate Locust last computed: the chart falls to 0.
  return {
    at: snapshot.at,
    rps: active ? snapshot.rps : 0,
    failPerSec: active ? snapshot.failPerSec : 0,
    p50: snapshot.currentP50,
    p95: snapshot.currentP95,
    users: snapshot.users,
  };
}

/** An endpoint's row once nothing is measured any more: its counts stay, its rates are 0. */
function stopRates(endpoint: EndpointStats): EndpointStats {
  return { ...endpoint, currentRps: 0, currentFailPerSec: 0 };
}

function applySnapshot(state: State, snapshot: LocustSnapshot): State {
  const previous = state.locust;
  const wasActive = previous !== null && ACTIVE.has(previous.state);
  const isActive = ACTIVE.has(snapshot.state);
  const swarmStartedAt = isActive && !wasActive ? (state.swarmStartedAt ?? snapshot.at) : state.swarmStartedAt;
  const swarmEndedAt = isActive ? null : wasActive ? snapshot.at : state.swarmEndedAt;
  const wasReset = wasActive && isActive && snapshot.total.requests < previous.total.requests;
  const statsResetAt = wasReset ? snapshot.at : state.statsResetAt;
  const blind = isActive && statsResetAt !== null && snapshot.at - statsResetAt < RESET_BLIND_MS && snapshot.rps === 0;
  const history = snapshot.state === 'ready' || blind ? state.history : appendBounded(state.history, historyPoint(snapshot, isActive), HISTORY_CAPACITY);
  return { ...state, locust: snapshot, locustError: null, swarmStartedAt, swarmEndedAt, statsResetAt, history, now: Math.max(state.now, snapshot.at) };
}

function withoutLogsCursor(cursor: State['ui']['cursor']): State['ui']['cursor'] {
  const { logs: _dropped, ...rest } = cursor;
  return rest;
}

export function reduce(state: State, event: Event): State {
  switch (event.type) {
    case 'session/infra-estimate':
      return { ...state, infraEstimate: event.text };
    case 'session/infra-terms':
      return { ...state, infraTerms: event.text };
    case 'ui/infra-dismiss':
      return { ...state, infraRun: null };
    case 'session/starting':
      return { ...state, platform: event.platform, where: event.where, scenario: event.scenario, confirmName: event.confirmName, swarmOutlivesDetach: event.swarmOutlivesDetach, canProvision: event.canProvision, fatal: null, masterUrl: null, locust: null, status: { at: event.at, level: 'info', message: `starting ${event.scenario} on ${event.where}` } };
    case 'session/ready':
      return {
        ...state,
        where: event.where,
        masterUrl: event.masterUrl,
        targetHost: event.targetHost,
        expectedWorkers: event.expectedWorkers,
        scenario: event.scenario,
        fatal: null,
        infraMissing: false,
        swarmStartedAt: null,
        swarmEndedAt: null,
        history: [],
        status: { at: event.at, level: 'info', message: `master up at ${event.masterUrl}` },
      };
    case 'session/failed':
      // no stack yet is the lifecycle's first step, not an error: said as info, d is the next step
      return { ...state, fatal: event.message, infraMissing: event.infraMissing === true ? true : state.infraMissing, ...(event.confirmName !== undefined ? { confirmName: event.confirmName } : {}), status: { at: event.at, level: event.infraMissing === true ? 'info' : 'error', message: event.message } };
    case 'session/expected-workers':
    case 'platform/expected-workers':
      return { ...state, expectedWorkers: event.expectedWorkers };
    case 'session/swarm-requested':
      return {
        ...state,
        lastSwarm: { users: event.users, spawnRate: event.spawnRate },
        swarmStartedAt: state.swarmEndedAt === null && state.swarmStartedAt !== null ? state.swarmStartedAt : event.at,
        swarmEndedAt: null,
      };
    case 'session/results-saved':
      return { ...state, resultsDir: event.dir, status: { at: event.at, level: 'info', message: `results saved to ${event.dir}` } };
    case 'session/status':
      return { ...state, status: { at: event.at, level: event.level, message: event.message } };
    case 'locust/snapshot':
      return applySnapshot(state, event.snapshot);
    case 'locust/unreachable':
      return { ...state, locustError: event.message, now: Math.max(state.now, event.at) };
    case 'clock/tick':
      return { ...state, now: Math.max(state.now, event.at) };
    case 'target/view':
      return { ...state, target: event.view };
    case 'target/sample':
      return { ...state, timeline: appendBounded(state.timeline, event.sample, TIMELINE_CAPACITY) };
    case 'prometheus/sample':
      return { ...state, serverSample: event.sample };
    case 'platform/workers':
      return { ...state, platformWorkers: event.workers };
    case 'platform/resources':
      return { ...state, resources: event.resources };
    case 'platform/master-lost': {
      // not RUNNING any more, the clock stops, and no worker count is known without a master;
      // no rate is known either: every rate reads 0 (header, table) and the chart falls to 0
      const lost = state.locust ? { ...state.locust, state: 'missing' as const, workers: [], rps: 0, failPerSec: 0, endpoints: state.locust.endpoints.map(stopRates), total: stopRates(state.locust.total) } : null;
      const history = lost && state.swarmStartedAt !== null && state.swarmEndedAt === null ? appendBounded(state.history, historyPoint({ ...lost, at: Math.max(event.at, lost.at) }, false), HISTORY_CAPACITY) : state.history;
      return { ...state, fatal: event.cause, swarmEndedAt: state.swarmStartedAt !== null ? (state.swarmEndedAt ?? event.at) : null, locust: lost, history, status: { at: event.at, level: 'error', message: event.cause }, logs: appendBounded(state.logs, noticeLine('error', event.cause, event.at), LOG_CAPACITY) };
    }
    case 'platform/infra-progress':
      return { ...state, infraRun: event.progress.run ?? state.infraRun, status: { at: event.progress.at, level: event.progress.phase === 'errored' ? 'error' : 'info', message: `${event.progress.operation} ${event.progress.subject}: ${event.progress.message}` } };
    case 'platform/log':
      return { ...state, logs: appendBounded(state.logs, logLineOf(event), LOG_CAPACITY) };
    case 'cost/snapshot':
      return budgetReached(state, event.snapshot);
    case 'platform/notice':
      return {
        ...state,
        status: { at: state.now, level: event.level, message: event.message },
        logs: appendBounded(state.logs, noticeLine(event.level, event.message, state.now), LOG_CAPACITY),
      };
    case 'ui/overlay':
      return { ...state, ui: { ...state.ui, overlay: event.overlay } };
    case 'ui/sort':
      return { ...state, ui: { ...state.ui, sort: { column: event.column, descending: event.descending } } };
    case 'ui/filter':
      return { ...state, ui: { ...state.ui, filter: event.filter } };
    case 'ui/log-filter':
      // the filtered list is another list: the cursor starts again at its newest line
      return { ...state, ui: { ...state.ui, logFilter: event.filter, cursor: withoutLogsCursor(state.ui.cursor) } };
    case 'ui/tab':
      return { ...state, ui: { ...state.ui, tab: event.tab, focus: event.tab } };
    case 'ui/focus':
      return { ...state, ui: { ...state.ui, focus: event.focus, ...(event.focus === 'endpoints' ? {} : { tab: event.focus }) } };
    case 'ui/cursor': {
      const cursor = { ...state.ui.cursor };
      if (event.index === null) delete cursor[event.list];
      else cursor[event.list] = Math.max(0, event.index);
      return { ...state, ui: { ...state.ui, cursor } };
    }
    case 'ui/quit-armed':
      return state.ui.quitArmed === event.armed ? state : { ...state, ui: { ...state.ui, quitArmed: event.armed } };
    case 'session/swarm-asked':
      return { ...state, requested: { users: event.users, spawnRate: event.spawnRate } };
  }
}
