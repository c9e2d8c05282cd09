/**
 * The manifest: every node of the project after the parse phase, with its final config, its target
 * relation and what it depends on.
 */
import type { NodeConfig } from '../project/config';
import type { Project } from '../project/load-project';
import type { Relation } from '../relation';

interface BaseNode {
  uniqueId: string;
  name: string;
  /** Project-relative file the node comes from (`models/x.sql`, `models/schema.yml`). */
  file: string;
  fqn: string[];
  config: NodeConfig;
  tags: string[];
  /** Unique ids of the models, seeds and sources this node reads. */
  dependsOn: string[];
}

export interface ModelNode extends BaseNode {
  resourceType: 'model';
  raw: string;
  materialized: string;
  relation: Relation;
}

export interface SeedNode extends BaseNode {
  resourceType: 'seed';
  csv: string;
  relation: Relation;
}

export interface GenericTestSpec {
  testName: 'unique' | 'not_null' | 'accepted_values' | 'relationships';
  /** The model, seed or source the test is attached to. */
  attachedTo: string;
  column?: string;
  args: Record<string, unknown>;
}

export interface TestNode extends BaseNode {
  resourceType: 'test';
  /** A singular test's SQL, or undefined for a generic one. */
  raw?: string;
  generic?: GenericTestSpec;
}

export interface SourceNode {
  resourceType: 'source';
  uniqueId: string;
  name: string;
  sourceName: string;
  file: string;
  fqn: string[];
  tags: string[];
  config: NodeConfig;
  relation: Relation;
  dependsOn: string[];
}

export type ExecutableNode = ModelNode | SeedNode | TestNode;
export type ManifestNode = ExecutableNode | SourceNode;

export interface Manifest {
  project: Project;
  nodes: Map<string, ManifestNode>;
  /** Model/seed unique id by name, for `ref()`. */
  refs: Map<string, string>;
  /** Source unique id by `source.table`. */
  sources: Map<string, string>;
}

export function isExecutable(node: ManifestNode): node is ExecutableNode {
  return node.resourceType !== 'source';
}
