'use client';

import { useDeferredValue, useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { ProjectFiles } from '@/lib/dbt/types';
import {
  buildLineage,
  describeNode,
  isLineageError,
  materializationLabel,
  nodeForPath,
  relatives,
  type Lineage,
  type LineageNode,
} from '@/lib/workspace/lineage';

/** Badge colours per materialization; the badge always carries the word too. */
const BADGE: Record<string, { box: string; text: string; swatch: string }> = {
  source: {
    box: 'fill-teal-100 stroke-teal-700 dark:fill-teal-950 dark:stroke-teal-400',
    text: 'fill-teal-900 dark:fill-teal-200',
    swatch:
      'bg-teal-100 border-teal-700 text-teal-900 dark:bg-teal-950 dark:border-teal-400 dark:text-teal-200',
  },
  seed: {
    box: 'fill-pink-100 stroke-pink-700 dark:fill-pink-950 dark:stroke-pink-400',
    text: 'fill-pink-900 dark:fill-pink-200',
    swatch:
      'bg-pink-100 border-pink-700 text-pink-900 dark:bg-pink-950 dark:border-pink-400 dark:text-pink-200',
  },
  view: {
    box: 'fill-sky-100 stroke-sky-700 dark:fill-sky-950 dark:stroke-sky-400',
    text: 'fill-sky-900 dark:fill-sky-200',
    swatch:
      'bg-sky-100 border-sky-700 text-sky-900 dark:bg-sky-950 dark:border-sky-400 dark:text-sky-200',
  },
  table: {
    box: 'fill-violet-100 stroke-violet-700 dark:fill-violet-950 dark:stroke-violet-400',
    text: 'fill-violet-900 dark:fill-violet-200',
    swatch:
      'bg-violet-100 border-violet-700 text-violet-900 dark:bg-violet-950 dark:border-violet-400 dark:text-violet-200',
  },
  incremental: {
    box: 'fill-amber-100 stroke-amber-700 dark:fill-amber-950 dark:stroke-amber-400',
    text: 'fill-amber-900 dark:fill-amber-200',
    swatch:
      'bg-amber-100 border-amber-700 text-amber-900 dark:bg-amber-950 dark:border-amber-400 dark:text-amber-200',
  },
  ephemeral: {
    box: 'fill-slate-100 stroke-slate-500 dark:fill-slate-800 dark:stroke-slate-400',
    text: 'fill-slate-800 dark:fill-slate-200',
    swatch:
      'bg-slate-100 border-slate-500 text-slate-800 dark:bg-slate-800 dark:border-slate-400 dark:text-slate-200',
  },
};
const LEGEND = ['source', 'seed', 'view', 'table', 'incremental', 'ephemeral'];

/** Badge text is 10px monospace: about 6px a character. */
const BADGE_CHAR = 6.1;
/** Never shrink below this share of the natural size: scroll instead, so names stay readable. */
const MIN_SCALE = 0.75;
const MAX_SCALE = 1.4;

/**
 * The project DAG: sources and seeds on the left, each model one column right of its furthest
 * parent. The model open in the editor is highlighted with the edges upstream and downstream of it;
 * models and seeds open their file on click or Enter. Recomputed from the files as they are typed;
 * while a file does not parse, the error shows above the last graph that did.
 */
export function LineagePanel({
  files,
  selectedPath,
  onOpen,
}: {
  files: ProjectFiles;
  /** The file open in the editor. */
  selectedPath: string;
  onOpen: (path: string) => void;
}) {
  // Parsing every model takes a few tens of milliseconds: deferred, so typing never waits for it.
  const deferredFiles = useDeferredValue(files);
  // The last graph that parsed stays on screen while a typo makes the project unparseable.
  const [lineage, setLineage] = useState<Lineage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void buildLineage(deferredFiles).then((result) => {
      if (!current) return;
      if (isLineageError(result)) {
        setError(result.error);
      } else {
        setError(null);
        setLineage(result);
      }
    });
    return () => {
      current = false;
    };
  }, [deferredFiles]);
  const selected = lineage ? nodeForPath(lineage, selectedPath) : undefined;

  return (
    <div className="flex h-full min-h-0 flex-col">
      {error && (
        <div
          role="status"
          className="m-3 mb-0 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <pre className="font-mono text-xs whitespace-pre-wrap">{error}</pre>
          {lineage && <p className="mt-1 text-xs">Showing the lineage from before this error.</p>}
        </div>
      )}
      {lineage && lineage.nodes.length > 0 ? (
        <>
          <div className="min-h-0 flex-1 overflow-auto p-3">
            <LineageGraph lineage={lineage} selected={selected} onOpen={onOpen} />
          </div>
          <div className="shrink-0 space-y-1 border-t border-slate-200 px-3 py-2 text-sm dark:border-slate-800">
            <p aria-live="polite" data-testid="lineage-summary">
              {selected ? (
                <code className="font-mono text-[13px]">{describeNode(selected)}</code>
              ) : (
                <span className="text-slate-600 dark:text-slate-400">
                  {selectedPath} is not a model or seed: open one to see where it sits in the DAG.
                </span>
              )}
            </p>
            <Legend />
          </div>
        </>
      ) : (
        !error && (
          <p className="p-3 text-sm text-slate-600 dark:text-slate-400">
            The project has no sources, seeds or models yet.
          </p>
        )
      )}
    </div>
  );
}

function LineageGraph({
  lineage,
  selected,
  onOpen,
}: {
  lineage: Lineage;
  selected: LineageNode | undefined;
  onOpen: (path: string) => void;
}) {
  const id = useId();
  const { up, down } = useMemo(
    () =>
      selected
        ? relatives(lineage, selected.id)
        : { up: new Set<string>(), down: new Set<string>() },
    [lineage, selected],
  );
  const onPath = (from: string, to: string) =>
    !!selected &&
    ((up.has(from) && (to === selected.id || up.has(to))) ||
      ((from === selected.id || down.has(from)) && down.has(to)));
  const related = (nodeId: string) =>
    !selected || nodeId === selected.id || up.has(nodeId) || down.has(nodeId);
  const { width, height } = lineage;
  // Emphasized edges last, so they are drawn over the others.
  const edges = [...lineage.edges].sort(
    (a, b) => Number(onPath(a.from, a.to)) - Number(onPath(b.from, b.to)),
  );

  return (
    <svg
      role="group"
      aria-label={`Project lineage: ${lineage.nodes.length} nodes, sources on the left`}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMidYMin meet"
      className="mx-auto block h-full w-full font-mono"
      style={{
        minWidth: width * MIN_SCALE,
        minHeight: height * MIN_SCALE,
        maxWidth: width * MAX_SCALE,
        maxHeight: height * MAX_SCALE,
      }}
    >
      <defs>
        {(['plain', 'strong'] as const).map((kind) => (
          <marker
            key={kind}
            id={`${id}-${kind}`}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path
              d="M 0 0 L 10 5 L 0 10 z"
              className={
                kind === 'strong'
                  ? 'fill-emerald-600 dark:fill-emerald-400'
                  : 'fill-slate-400 dark:fill-slate-500'
              }
            />
          </marker>
        ))}
      </defs>
      {edges.map((edge) => {
        const strong = onPath(edge.from, edge.to);
        return (
          <path
            key={`${edge.from}->${edge.to}`}
            d={edge.d}
            fill="none"
            markerEnd={`url(#${id}-${strong ? 'strong' : 'plain'})`}
            strokeWidth={strong ? 2.25 : 1.25}
            className={
              strong
                ? 'stroke-emerald-600 dark:stroke-emerald-400'
                : `stroke-slate-400 dark:stroke-slate-500 ${selected ? 'opacity-40' : ''}`
            }
          />
        );
      })}
      {lineage.nodes.map((node) => (
        <NodeBox
          key={node.id}
          node={node}
          width={lineage.nodeWidth}
          height={lineage.nodeHeight}
          selected={node.id === selected?.id}
          dimmed={!related(node.id)}
          onOpen={onOpen}
        />
      ))}
    </svg>
  );
}

function NodeBox({
  node,
  width,
  height,
  selected,
  dimmed,
  onOpen,
}: {
  node: LineageNode;
  width: number;
  height: number;
  selected: boolean;
  dimmed: boolean;
  onOpen: (path: string) => void;
}) {
  const badge = BADGE[node.materialized] ?? BADGE.ephemeral!;
  const label = node.materialized;
  const opens = node.kind !== 'source';
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    onOpen(node.path);
  };
  const description = `${node.name}, ${materializationLabel(node)}`;
  return (
    <g
      transform={`translate(${node.x} ${node.y})`}
      className={`group outline-none ${opens ? 'cursor-pointer' : ''} ${dimmed ? 'opacity-55' : ''}`}
      {...(opens
        ? {
            role: 'button',
            tabIndex: 0,
            'aria-label': `${description}${selected ? ' (open in the editor)' : ''}. Open ${node.path}`,
            'aria-current': selected ? ('true' as const) : undefined,
            onClick: () => onOpen(node.path),
            onKeyDown,
          }
        : { role: 'img', 'aria-label': `${description}, declared in ${node.path}` })}
    >
      <title>
        {opens ? `${description} — open ${node.path}` : `${description} (${node.path})`}
      </title>
      {/* Focus ring: SVG groups get no reliable outline of their own. */}
      <rect
        x={-4}
        y={-4}
        width={width + 8}
        height={height + 8}
        rx={11}
        fill="none"
        strokeWidth={2}
        className="stroke-sky-500 opacity-0 group-focus-visible:opacity-100"
      />
      <rect
        width={width}
        height={height}
        rx={8}
        strokeWidth={selected ? 2.5 : 1.25}
        strokeDasharray={node.kind === 'source' ? '5 3' : undefined}
        className={
          selected
            ? 'fill-emerald-50 stroke-emerald-600 dark:fill-emerald-950 dark:stroke-emerald-400'
            : `fill-white stroke-slate-300 dark:fill-slate-900 dark:stroke-slate-600 ${
                opens ? 'group-hover:stroke-slate-500 dark:group-hover:stroke-slate-400' : ''
              }`
        }
      />
      <text
        x={10}
        y={18}
        fontSize={12}
        fontWeight={selected ? 700 : 500}
        className="fill-slate-900 dark:fill-slate-100"
      >
        {node.name}
      </text>
      <rect
        x={10}
        y={25}
        width={label.length * BADGE_CHAR + 10}
        height={14}
        rx={7}
        strokeWidth={1}
        className={badge.box}
      />
      <text x={15} y={35.5} fontSize={10} className={badge.text}>
        {label}
      </text>
    </g>
  );
}

function Legend() {
  return (
    <ul
      aria-label="Legend"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400"
    >
      {LEGEND.map((kind) => (
        <li key={kind}>
          <span className={`rounded-full border px-1.5 font-mono ${BADGE[kind]!.swatch}`}>
            {kind}
          </span>
        </li>
      ))}
      <li className="flex items-center gap-1">
        <svg width="22" height="8" aria-hidden="true">
          <line
            x1="0"
            y1="4"
            x2="22"
            y2="4"
            strokeWidth="2.25"
            className="stroke-emerald-600 dark:stroke-emerald-400"
          />
        </svg>
        upstream / downstream of the open model
      </li>
      <li className="flex items-center gap-1">
        <svg width="22" height="10" aria-hidden="true">
          <rect
            x="1"
            y="1"
            width="20"
            height="8"
            rx="3"
            fill="none"
            strokeDasharray="4 2"
            className="stroke-slate-500"
          />
        </svg>
        source (read only)
      </li>
    </ul>
  );
}

/** For `next/dynamic`, which keeps the dbt parser out of the page's first bundle. */
export default LineagePanel;
