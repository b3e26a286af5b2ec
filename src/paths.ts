import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The nearest folder at or above `from` that holds a package.json. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}

/** The repository (or installed package) root, above src/ or wherever in dist/ the bundler put this code. */
export const projectRoot = packageRoot(path.dirname(fileURLToPath(import.meta.url)));
export const scenariosDir = path.join(projectRoot, 'scenarios');
export const runtimeDir = path.join(projectRoot, 'runtime');
export const demoTargetEntry = path.join(projectRoot, 'dist', 'demo', 'main.js');
