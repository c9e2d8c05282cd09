import { describe, expect, it } from 'vitest';
import { highlightToHtml } from './highlight';

describe('highlightToHtml', () => {
  it('colours SQL with light colours and dark variables, and escapes the text', async () => {
    const html = await highlightToHtml("select 1 as a -- <b>\nfrom t where x = 'y'\n", 'sql');
    expect(html).toMatch(/^<pre class="shiki/);
    expect(html).toContain('--shiki-dark:');
    expect(html).toContain('&#x3C;b>');
    expect(html).not.toContain('<b>');
  });

  it('keeps unknown languages as plain text', async () => {
    const html = await highlightToHtml('dbt run -s fct_orders', 'console');
    expect(html).toContain('dbt run -s fct_orders');
  });
});
