// Rewrites the table under README's "### Keys" from the keymap: node --import tsx scripts/update-readme-keys.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { KEYMAP } from '../src/cockpit/keymap.ts';
import { keysMarkdown } from '../src/cockpit/keys/doc.ts';

const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf('### Keys');
const end = readme.indexOf('\n## ', start);
const section = readme.slice(start, end);
const lines = section.split('\n');
const first = lines.findIndex((line) => line.startsWith('|'));
const last = lines.length - 1 - [...lines].reverse().findIndex((line) => line.startsWith('|'));
const updated = [...lines.slice(0, first), keysMarkdown(KEYMAP).trimEnd(), ...lines.slice(last + 1)].join('\n');
writeFileSync('README.md', readme.slice(0, start) + updated + readme.slice(end));
