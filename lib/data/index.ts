/**
 * The lab's data layer: the five Olist course tables, generated or imported from the real CSVs, the
 * timeline that releases them day by day, and the lab clock. Runs over the engine's `Connection`, so
 * the same code serves the browser (DuckDB-WASM), the CLI and the server. Node-only helpers live in
 * `*.node.ts` files and are not exported here.
 */
export type {
  CourseTable,
  DataSource,
  EventEffect,
  LabDataInfo,
  RawFile,
  TableChange,
  TimelineEventId,
  TimelineEventInfo,
} from './types';
export {
  COURSE_TABLES,
  KAGGLE_NAMES,
  TABLE_COLUMNS,
  columnNames,
  tableForFileName,
} from './course-tables';
export { RawDataError } from './raw-data-error';
export { checkCsvComplete } from './file-check';
export { importRawFiles, readCsvSql, type ImportOptions } from './importer';
export {
  generateOlist,
  populationFor,
  validateGenerateOptions,
  MAX_SCALE,
} from './generator/generate';
export { getLabClock, labClockSql, clockForDay } from './lab-clock';
export {
  DEFAULT_CUTOFF,
  chooseCutoff,
  loadLabData,
  replayTimeline,
  type LoadOptions,
} from './load';
export { listTimelineEvents, applyTimelineEvent, resetTimeline } from './timeline/timeline';
export { readTimelineState, type TimelineState } from './timeline/state';
export { WINDOW_DAYS, CORRECTION_AGE_DAYS } from './timeline/events';
export { shapeStats, type ShapeStats } from './shape-stats';
