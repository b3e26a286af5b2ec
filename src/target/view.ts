// The system under test as the target panel, the header and the timeline see it: plain data,
// built purely from Kubernetes objects (model.ts) or from the local demo target (local.ts).

export interface TargetView {
  /** 'kube' or 'local' */
  readonly platform: 'kube' | 'local';
  readonly namespace?: string;
  readonly deployments: readonly DeploymentView[];
  readonly nodes: readonly NodeView[];
  /** newest first, at most MAX_EVENTS */
  readonly events: readonly TargetEvent[];
  /** what could not be read or found, e.g. "missing RBAC: cannot list horizontalpodautoscalers in shop" */
  readonly problems: readonly string[];
  /** ms since the epoch the view was built at */
  readonly at: number;
}

export interface DeploymentView {
  readonly name: string;
  /** false when a named Deployment does not exist (shown, not dropped) */
  readonly found: boolean;
  readonly desired: number;
  readonly ready: number;
  readonly updated: number;
  readonly available: number;
  readonly hpa?: HpaView;
  readonly pods: readonly PodView[];
}

export interface HpaView {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly current: number;
  readonly desired: number;
  readonly metrics: readonly HpaMetricView[];
  /** ISO time of the last scale, as status.lastScaleTime */
  readonly lastScaleTime?: string;
  readonly atMax: boolean;
  /** conditions that are not True (ScalingActive False: no metrics ...), as "Reason: message" */
  readonly warnings: readonly string[];
}

export interface HpaMetricView {
  /** Resource, ContainerResource, Pods, Object, External */
  readonly type: string;
  /** cpu, memory, the metric's name, or the container's "name/cpu" */
  readonly name: string;
  /** e.g. "85%", "512Mi", "<unknown>" before the first reading */
  readonly current: string;
  /** e.g. "50%", "100" (average), "1k" (value) */
  readonly target: string;
  /** current/target as a number when both are comparable (> 1: above target) */
  readonly ratio?: number;
}

export interface PodView {
  readonly name: string;
  /** kubectl's status column: Running, Pending, CrashLoopBackOff, Terminating ... */
  readonly phase: string;
  readonly ready: boolean;
  readonly node?: string;
  readonly restarts: number;
  readonly ageS: number;
  /** for a pod that is not running: the scheduler's (PodScheduled) or kubelet's reason */
  readonly pendingReason?: string;
  /** since when it is Pending (ms), for the longest-Pending figure */
  readonly pendingSinceMs?: number;
}

export interface NodeView {
  readonly name: string;
  readonly ready: boolean;
  readonly ageS: number;
  /** joined within the recent window (NODE_NEW_S) */
  readonly joining: boolean;
  /** cordoned or being deleted */
  readonly leaving: boolean;
  /** instance type / capacity type labels when present, e.g. "m6i.large spot" */
  readonly kind?: string;
  /** target pods it runs */
  readonly targetPods: number;
}

export interface TargetEvent {
  readonly at: number;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  /** "Pod/web-7d9-abc", "HorizontalPodAutoscaler/web" */
  readonly object: string;
  readonly message: string;
  readonly count: number;
  /** the component that wrote it: horizontal-pod-autoscaler, cluster-autoscaler, karpenter ... */
  readonly source: string;
}

export const MAX_EVENTS = 30;
export const NODE_NEW_S = 300;

export function emptyTargetView(platform: 'kube' | 'local', at: number, problems: readonly string[] = []): TargetView {
  return { platform, deployments: [], nodes: [], events: [], problems, at };
}
