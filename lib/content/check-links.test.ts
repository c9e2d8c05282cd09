import { describe, expect, it } from 'vitest';
import { checkLinks, type LinkedPage } from './check-links';

const page = (route: string, anchors: string[], urls: string[]): LinkedPage => ({
  file: `${route}.mdx`,
  route,
  anchors,
  links: urls.map((url, i) => ({ url, line: i + 1 })),
});

describe('checkLinks', () => {
  const target = page('/lessons/b', ['why-a-unique-key'], []);

  it('accepts routes, anchors on other pages and on the same page', () => {
    const source = page(
      '/lessons/a',
      ['intro'],
      ['/lessons/b', '/lessons/b#why-a-unique-key', '#intro', '/lab?sql=select%201', '/'],
    );
    expect(checkLinks([source, target], ['/', '/lab'])).toEqual([]);
  });

  it('reports a missing page, a missing anchor and outside links, with file and line', () => {
    const source = page(
      '/lessons/a',
      ['intro'],
      [
        '/lessons/nope',
        '/lessons/b#missing',
        '#nope',
        'https://example.com',
        'relative/path',
        '/#top',
      ],
    );
    const problems = checkLinks([source, target], ['/']);
    expect(problems.map((p) => [p.line, p.problem])).toEqual([
      [1, 'no page at /lessons/nope'],
      [2, '/lessons/b has no element with id "missing"'],
      [3, '/lessons/a has no element with id "nope"'],
      [4, 'links must stay inside the app (no external or scheme links)'],
      [5, 'use a site path starting with `/` or an `#anchor`'],
      [6, '/ has no anchors the content check knows of'],
    ]);
    expect(problems[0]!.file).toBe('/lessons/a.mdx');
  });
});
