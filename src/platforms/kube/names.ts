// The names ltop's kustomize overlays use (k8s/); the platform finds its objects by them.

export const DEFAULT_NAMESPACE = 'ltop';
export const MASTER = 'ltop-master';
export const WORKER = 'ltop-worker';
export const HPA = 'ltop-worker';
export const SETTINGS = 'ltop-settings';
export const FIELD_MANAGER = 'ltop';
export const MASTER_WEB_PORT = 8089;
export const MASTER_ZMQ_PORT = 5557;

export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const MANAGED_SELECTOR = `${LABEL_MANAGED_BY}=ltop`;
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

export const SCENARIO_KEY = 'LOCUST_SCENARIO';
export const HOST_KEY = 'LOCUST_HOST';
