'use client';

import { useEffect, useState } from 'react';
import { GradingPanel } from '@/components/grader/GradingPanel';
import type { ProjectFiles } from '@/lib/dbt/types';
import { LAB_MODEL_PATH } from '@/lib/workspace/types';
import { SolutionReveal } from './SolutionReveal';

/** Remembered per browser: the solution stays readable after the first grading attempt. */
const GRADED_KEY = 'incremental-lab:graded';

/** The Grade tab: the grading panel, then the solution's model once the student has tried. */
export function GradeTab({
  getFiles,
  solution,
}: {
  getFiles: () => ProjectFiles;
  /** The solution's version of the lab model. */
  solution: string;
}) {
  const [graded, setGraded] = useState(false);
  useEffect(() => {
    try {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
      setGraded(localStorage.getItem(GRADED_KEY) === 'yes');
    } catch {
      // storage blocked: the solution unlocks after a grading attempt in this visit
    }
  }, []);
  return (
    <div className="p-3">
      <GradingPanel
        getFiles={getFiles}
        onGraded={() => {
          setGraded(true);
          try {
            localStorage.setItem(GRADED_KEY, 'yes');
          } catch {
            // storage blocked: unlocked for this visit only
          }
        }}
      />
      <SolutionReveal unlocked={graded} path={LAB_MODEL_PATH} text={solution} />
    </div>
  );
}
