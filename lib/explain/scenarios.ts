/**
 * Versions of the lab's solution model that show what a strategy does with a batch that is not
 * clean: the lessons' explainer offers them, and the e2e test writes them into the lab's editor.
 */

/**
 * The solution with one order selected twice on an incremental run: the window's order with the
 * smallest id is added to the batch a second time (`union all`), so the batch repeats a key.
 * delete+insert then keeps both rows, merge one. The first build is unchanged.
 */
export function withRepeatedKey(solution: string): string {
  const columns = /select\n([\s\S]*?)\nfrom \{\{ ref\('int_orders_enriched'\) \}\}/.exec(solution);
  if (!columns || !solution.includes('{% endif %}'))
    throw new Error('The model has no select list from int_orders_enriched and no {% endif %}.');
  return solution.replace(
    '{% endif %}',
    `-- the same order a second time: a batch with a repeated key
union all
select
${columns[1]}
from {{ ref('int_orders_enriched') }}
where order_id = (
    select min(order_id) from {{ this }}
    where order_purchase_ts >= dateadd('day', -3, current_timestamp)
)
{% endif %}`,
  );
}
