// Everything that can happen to the cockpit's state. Sources emit these; the reducer applies them.
import type { LocustSnapshot } from '../locust/snapshot.js';
import type { InfraResource, PlatformEvent, PlatformName, WorkerUnit } from '../domain/platform-vocabulary.js';
import type { ServerSideSample } from '../prometheus/source.js';
import type { TimelineSample } from '../target/timeline.js';
import type { TargetView } from '../target/view.js';
import type { BottomTab, ListId, Overlay, SortColumn } from './state.js';

export type Event =
  | PlatformEvent
  /** confirmName: what a destroy must be confirmed with (null: nothing to destroy); swarmOutlivesDetach: quitting leaves a cluster's test running */
  | { readonly type: 'session/infra-estimate'; readonly text: string }
  | { readonly type: 'session/infra-terms'; readonly text: string }
  /** Esc on a failed run's panel: back to the cockpit (the status line keeps the cause) */
  | { readonly type: 'ui/infra-dismiss' }
  | { readonly type: 'session/starting'; readonly platform: PlatformName; readonly where: string; readonly scenario: string; readonly confirmName: string | null; readonly swarmOutlivesDetach: boolean; readonly canProvision: boolean; readonly at: number }
  | { readonly type: 'session/ready'; readonly where: string; readonly masterUrl: string; readonly targetHost: string; readonly expectedWorkers: number; readonly scenario: string; readonly at: number }
  /** `confirmName`: what the platform learnt while failing to start (eks: the var file's stack name) */
  | { readonly type: 'session/failed'; readonly message: string; readonly at: number; readonly confirmName?: string | null; /** the start failed because the infrastructure does not exist yet */ readonly infraMissing?: boolean }
  | { readonly type: 'session/expected-workers'; readonly expectedWorkers: number }
  | { readonly type: 'session/swarm-requested'; readonly users: number; readonly spawnRate: number; readonly at: number }
  | { readonly type: 'session/results-saved'; readonly dir: string; readonly at: number }
  | { readonly type: 'session/status'; readonly level: 'info' | 'warn' | 'error'; readonly message: string; readonly at: number }
  | { readonly type: 'locust/snapshot'; readonly snapshot: LocustSnapshot }
  | { readonly type: 'locust/unreachable'; readonly message: string; readonly at: number }
  | { readonly type: 'clock/tick'; readonly at: number }
  | { readonly type: 'target/view'; readonly view: TargetView }
  | { readonly type: 'target/sample'; readonly sample: TimelineSample }
  | { readonly type: 'prometheus/sample'; readonly sample: ServerSideSample }
  | { readonly type: 'ui/overlay'; readonly overlay: Overlay }
  | { readonly type: 'ui/sort'; readonly column: SortColumn; readonly descending: boolean }
  | { readonly type: 'ui/filter'; readonly filter: string }
  | { readonly type: 'ui/log-filter'; readonly filter: string }
  | { readonly type: 'ui/tab'; readonly tab: BottomTab }
  | { readonly type: 'ui/focus'; readonly focus: ListId }
  /** null: back to the top (logs: follow the newest line again) */
  | { readonly type: 'ui/cursor'; readonly list: ListId; readonly index: number | null }
  /** the cockpit asked the session for this swarm (the key was pressed; Locust has not answered yet) */
  /** a Ctrl+C closed a modal: the next one quits without asking */
  | { readonly type: 'ui/quit-armed'; readonly armed: boolean }
  | { readonly type: 'session/swarm-asked'; readonly users: number; readonly spawnRate: number };

export type { InfraResource, WorkerUnit };
