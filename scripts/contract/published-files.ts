import { CONTRACT_DIR, contractFiles } from '@sentinel/contracts';
import { join } from 'node:path';

/**
 * Every generated file that is checked in, by path from the repository root, as `npm run contract`
 * writes it. Built from the code alone (no database, no broker), so a unit test can compare.
 */
export async function publishedFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(contractFiles())) files[join(CONTRACT_DIR, path)] = text;
  return files;
}

/** Folders whose every file is generated: a file there that is no longer generated is stale too. */
export const GENERATED_DIRS = [join(CONTRACT_DIR, 'schemas')];
