import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository (or installed package) root: this file lives in src/ or dist/, one level down. */
export const projectRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const scenariosDir = path.join(projectRoot, 'scenarios');
export const runtimeDir = path.join(projectRoot, 'runtime');
export const demoTargetEntry = path.join(projectRoot, 'dist', 'demo', 'main.js');
