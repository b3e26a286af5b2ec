// --config FILE: YAML whose keys are the long flag names (users, spawn-rate, workers, …).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from './parse.js';

export function readConfigFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UsageError(`config ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`config ${file} must be a mapping of flag names to values`);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value !== null && typeof value === 'object') throw new UsageError(`config ${file}: "${key}" must be a plain value`);
    values[key] = String(value);
  }
  return values;
}
