// --config FILE: YAML whose keys are the long flag names (users, spawn-rate, workers, …).
import { readFileSync } from 'node:fs';
import { isMap, isScalar, parseDocument } from 'yaml';
import { UsageError } from './parse.js';

export function readConfigFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length) throw new UsageError(`config ${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return {};
  if (!isMap(contents)) throw new UsageError(`config ${file} must be a mapping of flag names to values`);
  const values: Record<string, string> = {};
  for (const pair of contents.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (pair.value !== null && !isScalar(pair.value)) throw new UsageError(`config ${file}: "${key}" must be a plain value`);
    // the text as written, so `users: 0x10` is refused like --users 0x10, not read as 16
    values[key] = pair.value === null ? 'null' : (pair.value.source ?? String(pair.value.value));
  }
  return values;
}
