// The README's key table, generated from the keymap: the test keeps the two the same.
import type { KeyBinding, Scope } from '../keymap.js';
import { displayKey } from './tokenize.js';

const WHERE: Record<Scope, string> = {
  main: 'main screen',
  help: '`?` help',
  swarm: 'swarm prompt',
  filter: 'filter prompt',
  scenario: 'scenario picker',
  confirm: '[y/N] question',
  'type-confirm': 'typed confirmation',
  detail: 'row detail',
};

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function keysMarkdown(keymap: readonly KeyBinding[]): string {
  const rows = keymap.map((binding) => {
    const keys = binding.keys.map((key) => `\`${displayKey(key)}\``).join(' ');
    const readonly = binding.dangerous ? 'no' : 'yes';
    return `| ${WHERE[binding.scope]} | ${cell(keys)} | ${cell(binding.help)} | ${cell(binding.asks ?? '')} | ${readonly} |`;
  });
  return ['| where | key | action | asks first | in `--readonly` |', '|---|---|---|---|---|', ...rows].join('\n');
}
