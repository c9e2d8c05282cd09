/**
 * The remark step every lesson goes through. It
 * - gives each heading a GitHub-style id and records the table of contents (levels 2 and 3),
 * - turns fenced code into `<CodeBlock>` (highlighted on the server) and ```` ```sql runnable ````
 *   into `<RunnableSql>` (runs in the browser), recording the runnable SQL for the content check,
 * - records every link target, every explicit `id`, and every JSX component the lesson uses,
 * so the page and the content check read the same facts from one pass.
 */
import GithubSlugger from 'github-slugger';
import type { Code, Heading, Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { parseCodeMeta } from './code-meta';

export interface TocEntry {
  depth: 2 | 3;
  id: string;
  text: string;
}

export interface RunnableBlock {
  /** Stable id on the page (`sql-1`, `sql-2`…), used for test ids and labels. */
  id: string;
  sql: string;
  title?: string;
  /** Line in the MDX body (add the front matter's lines for the file line). */
  line: number;
}

export interface LessonLink {
  url: string;
  line: number;
}

export interface LessonFacts {
  toc: TocEntry[];
  runnable: RunnableBlock[];
  links: LessonLink[];
  /** Every id a link can point at: headings and explicit `id` attributes. */
  anchors: string[];
  /** Capitalised JSX element names used in the lesson (`KnowledgeCheck`, …). */
  components: string[];
  /** Headings of level 1 in the body (the page renders the title itself, so there must be none). */
  extraTitles: string[];
}

export function emptyFacts(): LessonFacts {
  return { toc: [], runnable: [], links: [], anchors: [], components: [], extraTitles: [] };
}

function attribute(name: string, value: string): MdxJsxAttribute {
  return { type: 'mdxJsxAttribute', name, value };
}

function jsxElement(name: string, attributes: MdxJsxAttribute[]): MdxJsxFlowElement {
  return { type: 'mdxJsxFlowElement', name, attributes, children: [] };
}

/** A remark plugin; `facts` is filled while the tree is transformed. */
export function remarkLesson(facts: LessonFacts) {
  return () => (tree: Root) => {
    const slugger = new GithubSlugger();

    visit(tree, 'heading', (node: Heading) => {
      const text = toString(node);
      const id = slugger.slug(text);
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id } };
      facts.anchors.push(id);
      if (node.depth === 1) facts.extraTitles.push(text);
      if (node.depth === 2 || node.depth === 3) facts.toc.push({ depth: node.depth, id, text });
    });

    visit(tree, 'code', (node: Code, index, parent) => {
      if (!parent || index === undefined) return;
      const meta = parseCodeMeta(node.meta);
      const title = meta.values.get('title');
      const extra = title ? [attribute('title', title)] : [];
      let replacement: MdxJsxFlowElement;
      if (meta.flags.has('runnable')) {
        const id = `sql-${facts.runnable.length + 1}`;
        facts.runnable.push({ id, sql: node.value, title, line: node.position?.start.line ?? 0 });
        replacement = jsxElement('RunnableSql', [
          attribute('id', id),
          attribute('sql', node.value),
          ...extra,
        ]);
      } else {
        replacement = jsxElement('CodeBlock', [
          attribute('code', node.value),
          attribute('lang', node.lang ?? 'text'),
          ...extra,
        ]);
      }
      parent.children.splice(index, 1, replacement);
    });

    visit(tree, (node) => {
      const line = node.position?.start.line ?? 0;
      if (node.type === 'link' || node.type === 'definition') {
        facts.links.push({ url: (node as { url: string }).url, line });
      }
      if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
        const element = node as MdxJsxFlowElement;
        if (element.name && /^[A-Z]/.test(element.name) && !facts.components.includes(element.name))
          facts.components.push(element.name);
        for (const attr of element.attributes) {
          if (attr.type !== 'mdxJsxAttribute' || typeof attr.value !== 'string') continue;
          if (attr.name === 'href') facts.links.push({ url: attr.value, line });
          // Runnable blocks get their ids from this plugin; they are anchors like any other id.
          if (attr.name === 'id') facts.anchors.push(attr.value);
        }
      }
    });
  };
}
