/**
 * Every link in a lesson must land somewhere: an app route that exists, and when it names an
 * `#anchor`, an id that page really has. Lessons link only inside the app (a class behind a school
 * firewall must never meet a dead external link), so anything else is reported too.
 */

export interface LinkedPage {
  /** Path of the source file, for messages. */
  file: string;
  /** The route this page is served at (`/lessons/overview`, `/lab`). */
  route: string;
  links: { url: string; line: number }[];
  anchors: string[];
}

export interface LinkProblem {
  file: string;
  line: number;
  url: string;
  problem: string;
}

/**
 * @param pages every page with content (lessons, lab instructions)
 * @param otherRoutes routes without checked content (e.g. `/`): a link may point at them, not at an
 *   anchor inside them
 */
export function checkLinks(pages: LinkedPage[], otherRoutes: string[] = []): LinkProblem[] {
  const anchorsByRoute = new Map<string, Set<string>>();
  for (const page of pages) {
    const known = anchorsByRoute.get(page.route) ?? new Set<string>();
    page.anchors.forEach((anchor) => known.add(anchor));
    anchorsByRoute.set(page.route, known);
  }
  const problems: LinkProblem[] = [];
  for (const page of pages) {
    for (const { url, line } of page.links) {
      const problem = linkProblem(url, page.route, anchorsByRoute, otherRoutes);
      if (problem) problems.push({ file: page.file, line, url, problem });
    }
  }
  return problems;
}

function linkProblem(
  url: string,
  from: string,
  anchorsByRoute: Map<string, Set<string>>,
  otherRoutes: string[],
): string | null {
  if (url === '') return 'empty link';
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//'))
    return 'links must stay inside the app (no external or scheme links)';
  if (!url.startsWith('/') && !url.startsWith('#'))
    return 'use a site path starting with `/` or an `#anchor`';
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const anchor = hashAt === -1 ? null : decodeURIComponent(url.slice(hashAt + 1));
  const path = beforeHash.split('?')[0]!;
  const route = path === '' ? from : path.replace(/(.)\/$/, '$1');
  const anchors = anchorsByRoute.get(route);
  if (!anchors && !otherRoutes.includes(route)) return `no page at ${route}`;
  if (anchor === null) return null;
  if (anchor === '') return 'empty anchor';
  if (!anchors) return `${route} has no anchors the content check knows of`;
  if (!anchors.has(anchor)) return `${route} has no element with id "${anchor}"`;
  return null;
}
