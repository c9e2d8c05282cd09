/**
 * Student SQL is untrusted when graded outside the student's own browser (CLI, server). Once the
 * course data is loaded, DuckDB loses access to files and the network and its settings are frozen,
 * so a model cannot read the disk, attach databases or lift the limits.
 */
export const LOCKDOWN_SQL = [
  'SET enable_external_access = false',
  'SET allow_community_extensions = false',
  'SET lock_configuration = true',
];

/** Native DuckDB settings for a grading database (applied when it opens). */
export const SANDBOX_CONFIG: Record<string, string> = {
  memory_limit: '2GB',
  threads: '2',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
};
