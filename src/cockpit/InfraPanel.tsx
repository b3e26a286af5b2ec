import React from 'react';
import { INFRA_COLUMNS, infraCells } from '../render/rows.js';
import { cursorOf } from '../state/lists.js';
import { Table } from './Table.js';
import type { Fields, PanelProps } from './use-store.js';

export const INFRA_FIELDS: Fields = ['resources', 'platform', 'ui'];

/** Whatever the platform reports: processes locally; deployments, HPA, nodes on Kubernetes. */
export function InfraPanel({ state, width, height }: PanelProps): React.JSX.Element {
  const rows = state.resources.map((resource) => ({
    key: `${resource.kind}/${resource.name}`,
    cells: infraCells(resource),
    color: resource.healthy ? undefined : 'red',
  }));
  return <Table columns={INFRA_COLUMNS} rows={rows} width={width} maxRows={height - 1} empty={`nothing reported by ${state.platform}`} cursor={state.ui.focus === 'infra' ? cursorOf(state, 'infra') : null} />;
}
