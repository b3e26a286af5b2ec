// Pure: the resources recorded in a state, from `terraform show -json` (values.root_module
// and its child modules, recursively).

export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly mode: 'managed' | 'data';
  /** Creation was interrupted or failed: the next apply replaces it. */
  readonly tainted: boolean;
}

interface ShowModule {
  resources?: { address?: string; type?: string; mode?: string; tainted?: boolean }[];
  child_modules?: ShowModule[];
}

export function stateResources(show: unknown): StateResource[] {
  const root = (show as { values?: { root_module?: ShowModule } } | null)?.values?.root_module;
  const found: StateResource[] = [];
  const walk = (module: ShowModule | undefined) => {
    for (const resource of module?.resources ?? []) {
      found.push({ address: String(resource.address), type: String(resource.type), mode: resource.mode === 'data' ? 'data' : 'managed', tainted: resource.tainted === true });
    }
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(root);
  return found;
}
