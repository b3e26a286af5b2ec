// The swarm prompt's keys (`s`): users, then spawn rate; digits only; the first key typed
// replaces the default; Backspace, Ctrl+U, Tab, Enter, Esc.
import { parseUserCount } from '../../domain/numbers.js';
import type { TextField } from '../../state/state.js';
import { acceptsCount, acceptsRate, clearField, deleteChar, typeChar } from '../../state/text-field.js';
import type { KeyBinding, KeyContext } from '../keymap.js';
import { cancelKeys, close, open, overlay } from './open.js';

/**
 * Parses what the swarm prompt holds: whole users >= 1, a rate above 0. The count is taken whole,
 * by the one rule --users and --config use; one too large to be exact is refused, never cut.
 */
export function parseSwarmInput(users: string, rate: string): { users: number; spawnRate: number } | string {
  const count = parseUsersInput(users);
  if (typeof count === 'string') return count;
  const parsedRate = Number(rate);
  if (!/^[0-9]*\.?[0-9]+$/.test(rate) || !(parsedRate > 0)) return 'spawn rate must be a number above 0';
  if (!Number.isFinite(parsedRate)) return `spawn rate is too large (got "${rate}")`;
  return { users: count, spawnRate: parsedRate };
}

/** The users field alone: its Enter refuses a count that cannot be taken before moving on. */
function parseUsersInput(users: string): number | string {
  if (!/^[0-9]+$/.test(users) || Number(users) < 1) return 'users must be a whole number of at least 1';
  const count = parseUserCount(users);
  return count.ok ? count.value : count.message;
}

function editSwarm(ctx: KeyContext, edit: (field: TextField, which: 'users' | 'rate') => TextField): void {
  const prompt = overlay(ctx, 'swarm');
  if (!prompt) return;
  const which = prompt.field;
  open(ctx, { ...prompt, [which]: edit(prompt[which], which), problem: null });
}

function submitSwarm(ctx: KeyContext): void {
  const prompt = overlay(ctx, 'swarm');
  if (!prompt) return;
  if (prompt.field === 'users') {
    // a count that cannot be taken is said at once, where it was typed, not after the spawn rate
    const users = parseUsersInput(prompt.users.text);
    return open(ctx, typeof users === 'string' ? { ...prompt, problem: users } : { ...prompt, field: 'rate' });
  }
  const parsed = parseSwarmInput(prompt.users.text, prompt.rate.text);
  // the cursor goes back to the field that is wrong, so the next keys fix that one
  if (typeof parsed === 'string') return open(ctx, { ...prompt, field: parsed.startsWith('users') ? 'users' : 'rate', problem: parsed });
  close(ctx);
  ctx.actions.swarm(parsed.users, parsed.spawnRate);
}

export const SWARM_BINDINGS: readonly KeyBinding[] = [
  {
    id: 'swarm-type', scope: 'swarm', keys: ['<digit>', '.'], label: 'type', dangerous: false, footer: false, help: 'Digits (the rate takes one decimal point); the first replaces the default',
    run: (ctx) => editSwarm(ctx, (field, which) => ((which === 'users' ? acceptsCount : acceptsRate)(field, ctx.key) ? typeChar(field, ctx.key) : field)),
  },
  { id: 'swarm-delete', scope: 'swarm', keys: ['backspace'], label: 'delete', dangerous: false, footer: false, help: 'Delete one character', run: (ctx) => editSwarm(ctx, deleteChar) },
  { id: 'swarm-clear', scope: 'swarm', keys: ['ctrl+u'], label: 'clear', dangerous: false, footer: false, help: 'Clear the field', run: (ctx) => editSwarm(ctx, clearField) },
  {
    id: 'swarm-next', scope: 'swarm', keys: ['tab'], label: 'switch field', dangerous: false, footer: true, help: 'The other field',
    run: (ctx) => {
      const prompt = overlay(ctx, 'swarm');
      if (prompt) open(ctx, { ...prompt, field: prompt.field === 'users' ? 'rate' : 'users' });
    },
  },
  { id: 'swarm-submit', scope: 'swarm', keys: ['enter'], label: 'next/start', dangerous: false, footer: true, help: 'Users: on to the spawn rate; spawn rate: start', run: submitSwarm },
  ...cancelKeys('swarm'),
];
