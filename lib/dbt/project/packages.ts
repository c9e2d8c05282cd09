/**
 * `packages.yml` (or `dependencies.yml`): dbt refuses to run while fewer packages are installed in
 * `dbt_packages/` than the file asks for. The lab cannot install any (`dbt deps` downloads them), so
 * its message says so after dbt's own.
 */
import { ProjectError } from '../errors';
import type { ProjectFiles } from '../types';
import { parseYaml } from './yaml';

export interface PackageSpec {
  /** `dbt-labs/dbt_utils`, a git URL or a local path, as written. */
  name: string;
  version?: string;
}

const FILES = ['packages.yml', 'dependencies.yml'];

export function packageSpecs(
  files: ProjectFiles,
): { file: string; packages: PackageSpec[] } | null {
  for (const file of FILES) {
    const text = files[file];
    if (text === undefined) continue;
    const doc = parseYaml(text, file) as { packages?: unknown } | null;
    const list = Array.isArray(doc?.packages) ? doc.packages : [];
    const packages = list.map((entry): PackageSpec => {
      const e = (entry ?? {}) as Record<string, unknown>;
      const name = String(
        e.package ?? e.git ?? e.local ?? e.tarball ?? e.private ?? JSON.stringify(entry),
      );
      const version = e.version ?? e.revision;
      return version === undefined ? { name } : { name, version: String(version) };
    });
    return { file, packages };
  }
  return null;
}

/** Package folders in `dbt_packages/` (each with its own dbt_project.yml). */
export function installedPackages(files: ProjectFiles): string[] {
  const names = new Set<string>();
  for (const path of Object.keys(files)) {
    const m = /^dbt_packages\/([^/]+)\/dbt_project\.yml$/.exec(path);
    if (m) names.add(m[1]!);
  }
  return [...names];
}

export const NO_PACKAGES_HERE =
  'The lab cannot install packages: dbt deps downloads them from hub.getdbt.com or git, and the lab runs without network access. The course project needs none; a model that calls a package macro (dbt_utils.…) does not compile here.';

/** dbt's check before it parses: every package in packages.yml must be installed. */
export function checkPackagesInstalled(files: ProjectFiles): void {
  const specs = packageSpecs(files);
  if (!specs) return;
  const specified = specs.packages.length;
  const installed = installedPackages(files).length;
  if (specified > installed) {
    throw new ProjectError(
      `Compilation Error\n  dbt found ${specified} package(s) specified in packages.yml, but only ${installed} package(s) installed in dbt_packages. Run "dbt deps" to install package dependencies.\n\n  ${NO_PACKAGES_HERE}`,
      specs.file,
      undefined,
      'config',
    );
  }
}
