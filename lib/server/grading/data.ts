/**
 * The data the server grades on: the lab's own (`LAB_DATA`), the same tables the browser's Grade tab
 * grades on, so the two verdicts are comparable.
 */
import { LAB_DATA } from '@/lib/course/lab-data-source';

export const SERVER_GRADING_DATA = LAB_DATA;
