import { describe, expect, it } from 'vitest';
import { compileLesson } from './compile-lesson';
import { ContentError } from './front-matter';

const head = `---
title: A lesson
description: What it is about.
order: 1
slug: a-lesson
---
`;

describe('compileLesson', () => {
  it('collects the table of contents, runnable SQL, links and anchors with file lines', async () => {
    const lesson = await compileLesson(
      `${head}
## Why a \`unique_key\`

See [the guide](/lessons/implementation-guide#step-4) and <a href="/lab">the lab</a>.

### Why a unique_key

\`\`\`sql runnable title="Count orders"
select count(*) from raw.orders
\`\`\`

\`\`\`bash
dbt run -s fct_orders
\`\`\`

<Callout id="careful">Text</Callout>
`,
      'content/lessons/a.mdx',
    );
    expect(lesson.meta.slug).toBe('a-lesson');
    expect(lesson.toc).toEqual([
      { depth: 2, id: 'why-a-unique_key', text: 'Why a unique_key' },
      { depth: 3, id: 'why-a-unique_key-1', text: 'Why a unique_key' },
    ]);
    expect(lesson.runnable).toEqual([
      { id: 'sql-1', sql: 'select count(*) from raw.orders', title: 'Count orders', line: 14 },
    ]);
    expect(lesson.links).toEqual([
      { url: '/lessons/implementation-guide#step-4', line: 10 },
      { url: '/lab', line: 10 },
    ]);
    expect(lesson.anchors).toEqual(
      expect.arrayContaining(['why-a-unique_key', 'why-a-unique_key-1', 'sql-1', 'careful']),
    );
    expect(lesson.components.sort()).toEqual(['Callout', 'CodeBlock', 'RunnableSql']);
    // The heading carries its id into the compiled page.
    expect(lesson.code).toContain('id: "why-a-unique_key"');
  });

  it('reports a second title', async () => {
    const lesson = await compileLesson(`${head}\n# Another title\n`, 'x.mdx');
    expect(lesson.extraTitles).toEqual(['Another title']);
  });

  it('rejects missing or invalid front matter, naming the file and the field', async () => {
    await expect(compileLesson('## No front matter', 'x.mdx')).rejects.toThrow(
      'x.mdx: missing front matter',
    );
    const bad = head.replace('order: 1', 'order: first');
    await expect(compileLesson(bad, 'y.mdx')).rejects.toThrow(/y\.mdx: front matter: order:/);
    await expect(
      compileLesson(`${head.replace('slug: a-lesson', 'slug: A Lesson')}`, 'z.mdx'),
    ).rejects.toBeInstanceOf(ContentError);
  });

  it('gives MDX syntax errors the file line', async () => {
    await expect(
      compileLesson(`${head}\nText\n\n<Callout>unclosed\n`, 'broken.mdx'),
    ).rejects.toThrow(/broken\.mdx: MDX does not compile \(line 1[0-9]\)/);
  });
});
