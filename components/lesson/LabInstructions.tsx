import { run } from '@mdx-js/mdx';
import * as runtime from 'react/jsx-runtime';
import { loadLabInstructions } from '@/lib/content/lessons.node';
import { mdxComponents } from './mdx-components';

/**
 * The lab's instructions (`content/lab/instructions.mdx`) rendered on the server with the lessons'
 * components, for the workspace's side panel: `<LabInstructions />` from a server component
 * (e.g. `app/lab/page.tsx`), passed down as children.
 */
export async function LabInstructions() {
  const instructions = await loadLabInstructions();
  const { default: Content } = await run(instructions.code, {
    ...runtime,
    baseUrl: import.meta.url,
  });
  return (
    <div className="text-[15px]" data-testid="lab-instructions">
      <h2 className="text-xl font-bold tracking-tight">{instructions.meta.title}</h2>
      <p className="mt-1 text-slate-600 dark:text-slate-300">{instructions.meta.description}</p>
      <Content components={mdxComponents} />
    </div>
  );
}
