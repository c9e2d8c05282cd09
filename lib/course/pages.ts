/** The Day 11 pages in reading order; the navigation, previous/next links and progress use this list. */
export interface CoursePage {
  slug: string;
  href: string;
  title: string;
  /** Short label for the navigation. */
  navTitle: string;
  kind: 'overview' | 'lesson' | 'lab';
}

export const coursePages: CoursePage[] = [
  {
    slug: 'overview',
    href: '/lessons/overview',
    title: 'Day 11 overview: scale and performance',
    navTitle: 'Overview',
    kind: 'overview',
  },
  {
    slug: 'incremental-concepts',
    href: '/lessons/incremental-concepts',
    title: 'Incremental concepts',
    navTitle: '1. Incremental concepts',
    kind: 'lesson',
  },
  {
    slug: 'implementation-guide',
    href: '/lessons/implementation-guide',
    title: 'Implementation guide',
    navTitle: '2. Implementation guide',
    kind: 'lesson',
  },
  {
    slug: 'challenges-and-backfills',
    href: '/lessons/challenges-and-backfills',
    title: 'Challenges and backfills',
    navTitle: '3. Challenges and backfills',
    kind: 'lesson',
  },
  {
    slug: 'lab',
    href: '/lab',
    title: 'Lab: make fct_orders incremental',
    navTitle: 'Lab',
    kind: 'lab',
  },
];

export const lessonPages = coursePages.filter((page) => page.kind !== 'lab');

export function findLesson(slug: string): CoursePage | undefined {
  return lessonPages.find((page) => page.slug === slug);
}
