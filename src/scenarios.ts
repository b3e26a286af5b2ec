// Bundled scenarios are the scenarios/*.py files, except the selector and private helpers.
import { readdirSync } from 'node:fs';
import { scenariosDir } from './paths.js';
import type { ScenarioChoice } from './domain/platform-vocabulary.js';

export function listScenarios(dir: string = scenariosDir): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith('.py') && file !== 'locustfile.py' && !file.startsWith('_'))
    .map((file) => file.slice(0, -3))
    .sort();
}

export function scenarioLabel(choice: ScenarioChoice): string {
  return choice.kind === 'bundled' ? choice.name : `file:${choice.path}`;
}

export class UnknownScenarioError extends Error {}

export function requireScenario(name: string, dir: string = scenariosDir): ScenarioChoice {
  const names = listScenarios(dir);
  if (!names.includes(name)) {
    throw new UnknownScenarioError(`unknown scenario "${name}"; valid scenarios: ${names.join(', ') || '(none found in scenarios/)'}`);
  }
  return { kind: 'bundled', name };
}
