import React from 'react';
import { INFRA_COLUMNS, infraCells } from '../render/rows.js';
import type { State } from '../state/state.js';
import { Table } from './Table.js';

/** Whatever the platform reports: processes locally; deployments, HPA, nodes on Kubernetes. */
export function InfraPanel({ state, width, height }: { readonly state: State; readonly width: number; readonly height: number }): React.JSX.Element {
  const rows = state.resources.map((resource) => ({
    key: `${resource.kind}/${resource.name}`,
    cells: infraCells(resource),
    color: resource.healthy ? undefined : 'red',
  }));
  return <Table columns={INFRA_COLUMNS} rows={rows} width={width} maxRows={height - 1} empty={`nothing reported by ${state.platform}`} />;
}
