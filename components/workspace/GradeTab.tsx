'use client';

import { useEffect, useState } from 'react';
import { GradingPanel } from '@/components/grader/GradingPanel';
import type { DataSource } from '@/lib/data/types';
import type { ProjectFiles } from '@/lib/dbt/types';
import { exerciseTitle, isExercise, withExerciseAsModel } from '@/lib/workspace/exercises';
import { LAB_MODEL_PATH } from '@/lib/workspace/types';
import { SolutionReveal } from './SolutionReveal';

/** Remembered per browser: the solution stays readable after the first grading attempt. */
const GRADED_KEY = 'incremental-lab:graded';
/** The debugging exercises whose last grade passed every check. */
const FIXED_KEY = 'incremental-lab:exercises-fixed';

function readFixed(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(FIXED_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The Grade tab: what to grade (the student's fct_orders or a debugging exercise, graded in its
 * place), the grading panel, then the solution's model once the student has tried.
 */
export function GradeTab({
  getFiles,
  solution,
  stretch,
  exercises,
  openPath,
  ownData,
}: {
  getFiles: () => ProjectFiles;
  /** The solution's version of the lab model, and its stretch version. */
  solution: string;
  stretch: string;
  /** The debugging exercises' paths. */
  exercises: string[];
  /** The file open in the editor: an open exercise is what the tab offers to grade. */
  openPath: string;
  /** The student's own CSVs when the workspace runs on them (graded on the same). */
  ownData: DataSource | null;
}) {
  const [graded, setGraded] = useState(false);
  const [fixed, setFixed] = useState<string[]>([]);
  const [target, setTarget] = useState(LAB_MODEL_PATH);
  useEffect(() => {
    /* eslint-disable react-hooks/set-state-in-effect -- localStorage exists only after hydration */
    try {
      setGraded(localStorage.getItem(GRADED_KEY) === 'yes');
      setFixed(readFixed());
    } catch {
      // storage blocked: the solution unlocks after a grading attempt in this visit
    }
    /* eslint-enable react-hooks/set-state-in-effect */
  }, []);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- follows the editor's open file
    if (isExercise(openPath)) setTarget(openPath);
  }, [openPath]);

  const exercise = isExercise(target) ? target : null;
  const files = () => (exercise ? withExerciseAsModel(getFiles(), exercise) : getFiles());

  function remember(key: string, value: string) {
    try {
      localStorage.setItem(key, value);
    } catch {
      // storage blocked: kept for this visit only
    }
  }

  return (
    <div className="space-y-4 p-3">
      {exercises.length > 0 && (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <label htmlFor="grade-target" className="font-medium">
            What to grade
          </label>
          <select
            id="grade-target"
            value={target}
            onChange={(event) => setTarget(event.target.value)}
            className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          >
            <option value={LAB_MODEL_PATH}>Your model: {LAB_MODEL_PATH}</option>
            {exercises.map((path) => (
              <option key={path} value={path}>
                Exercise: {exerciseTitle(getFiles()[path] ?? '') ?? path}
                {fixed.includes(path) ? ' (fixed ✓)' : ''}
              </option>
            ))}
          </select>
          <span className="text-slate-600 dark:text-slate-400" data-testid="exercises-fixed">
            Debugging exercises fixed: {exercises.filter((p) => fixed.includes(p)).length} of{' '}
            {exercises.length}
          </span>
        </div>
      )}
      <GradingPanel
        key={target}
        getFiles={files}
        subject={exercise ? `${exercise} (as fct_orders)` : 'fct_orders'}
        completesLab={!exercise}
        ownData={ownData}
        onGraded={(report) => {
          if (exercise) {
            const next = report.passed
              ? [...new Set([...fixed, exercise])]
              : fixed.filter((p) => p !== exercise);
            setFixed(next);
            remember(FIXED_KEY, JSON.stringify(next));
            return;
          }
          setGraded(true);
          remember(GRADED_KEY, 'yes');
          // A class member's attempt goes to the server, which grades it again itself.
          const summary = {
            passed: report.passed,
            checks: report.checks.map((c) => ({ id: c.id, status: c.status })),
            durationMs: report.durationMs,
          };
          void import('@/lib/workspace/class-sync')
            .then(({ classSync }) => classSync())
            .then((sync) => sync.recordSubmission(getFiles(), summary))
            .catch(() => undefined);
        }}
      />
      <SolutionReveal unlocked={graded} path={LAB_MODEL_PATH} text={solution} stretch={stretch} />
    </div>
  );
}
