/**
 * Node only: a dbt project directory ⇄ `ProjectFiles`. Reads what the engine uses (SQL, YAML, CSV),
 * skipping build output, packages and hidden folders.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectFiles } from './types';

const SKIP_DIRS = new Set(['target', 'dbt_packages', 'logs', 'node_modules']);
const EXTENSIONS = ['.sql', '.yml', '.yaml', '.csv'];

export async function readProjectFiles(dir: string): Promise<ProjectFiles> {
  const files: ProjectFiles = {};
  async function walk(current: string, relative: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === 'dbt_packages' && relative === '')
          await readPackageProjects(full, files);
        else if (!SKIP_DIRS.has(entry.name)) await walk(full, rel);
      } else if (entry.isFile() && EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
        files[rel] = await readFile(full, 'utf8');
      }
    }
  }
  await walk(dir, '');
  return files;
}

/** Only each installed package's dbt_project.yml: dbt counts them against packages.yml. */
async function readPackageProjects(dir: string, files: ProjectFiles): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    try {
      files[`dbt_packages/${entry.name}/dbt_project.yml`] = await readFile(
        path.join(dir, entry.name, 'dbt_project.yml'),
        'utf8',
      );
    } catch {
      // a folder without dbt_project.yml is not an installed package
    }
  }
}

export async function writeProjectFiles(dir: string, files: ProjectFiles): Promise<void> {
  for (const [relative, text] of Object.entries(files)) {
    const full = path.join(dir, ...relative.split('/'));
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
  }
}
