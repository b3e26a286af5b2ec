// Scrolling the focused list (endpoints, workers, logs, errors, infra) and opening a row whole.
import { endpointDetail, errorDetail, infraDetail, logDetail, workerDetail, type Detail } from '../../render/detail.js';
import { cursorOf, listLength, sortedErrors, visibleLogs } from '../../state/lists.js';
import { visibleEndpoints, workerRows } from '../../state/selectors.js';
import type { State } from '../../state/state.js';
import type { KeyBinding, KeyContext } from '../keymap.js';
import { open } from './open.js';

function moveTo(ctx: KeyContext, target: (cursor: number, length: number) => number): void {
  const list = ctx.state.ui.focus;
  const length = listLength(ctx.state, list);
  if (length === 0) return;
  const next = Math.max(0, Math.min(length - 1, target(cursorOf(ctx.state, list), length)));
  // logs at their newest line follow new output again
  ctx.dispatch({ type: 'ui/cursor', list, index: list === 'logs' && next === length - 1 ? null : next });
}

function detailOf(state: State): Detail | null {
  const cursor = cursorOf(state, state.ui.focus);
  switch (state.ui.focus) {
    case 'endpoints': {
      const row = visibleEndpoints(state)[cursor];
      return row ? endpointDetail(row, state.ui.filter !== '') : null;
    }
    case 'workers': {
      const row = workerRows(state)[cursor];
      return row ? workerDetail(row) : null;
    }
    case 'logs': {
      const line = visibleLogs(state)[cursor];
      return line ? logDetail(line) : null;
    }
    case 'errors': {
      const error = sortedErrors(state)[cursor];
      return error ? errorDetail(error) : null;
    }
    case 'infra': {
      const resource = state.resources[cursor];
      return resource ? infraDetail(resource) : null;
    }
    case 'target':
      return null;
  }
}

export const LIST_BINDINGS: readonly KeyBinding[] = [
  { id: 'down', scope: 'main', keys: ['j', 'down'], label: 'down', dangerous: false, footer: false, help: 'Next row of the focused list (Tab moves the focus)', run: (ctx) => moveTo(ctx, (cursor) => cursor + 1) },
  { id: 'up', scope: 'main', keys: ['k', 'up'], label: 'up', dangerous: false, footer: false, help: 'Previous row', run: (ctx) => moveTo(ctx, (cursor) => cursor - 1) },
  { id: 'page-down', scope: 'main', keys: ['pgdn'], label: 'page down', dangerous: false, footer: false, help: 'One screen down', run: (ctx) => moveTo(ctx, (cursor) => cursor + Math.max(1, ctx.page)) },
  { id: 'page-up', scope: 'main', keys: ['pgup'], label: 'page up', dangerous: false, footer: false, help: 'One screen up', run: (ctx) => moveTo(ctx, (cursor) => cursor - Math.max(1, ctx.page)) },
  { id: 'top', scope: 'main', keys: ['g', 'home'], label: 'top', dangerous: false, footer: false, help: 'First row', run: (ctx) => moveTo(ctx, () => 0) },
  { id: 'bottom', scope: 'main', keys: ['G', 'end'], label: 'bottom', dangerous: false, footer: false, help: 'Last row (logs: follow new lines again)', run: (ctx) => moveTo(ctx, (_, length) => length - 1) },
  {
    id: 'open', scope: 'main', keys: ['enter'], label: 'open', dangerous: false, footer: false, help: 'Open the selected row whole (a long error or log line)',
    run: (ctx) => {
      const detail = detailOf(ctx.state);
      if (detail) open(ctx, { kind: 'detail', title: detail.title, lines: detail.lines, top: 0 });
    },
  },
];
