-- One row per order: its items rolled up.
select
    order_id,
    count(*) as order_item_row_count,
    count(distinct product_id) as distinct_product_count,
    sum(item_price) as items_total_value,
    sum(freight_value) as freight_total_value
from {{ ref('stg_order_items') }}
group by order_id
