-- Debugging exercise 4 of 4: the second run fails
-- A colleague's incremental fct_orders, and what they report:
--   "The first build works. Every run after it fails with a Binder Error."
-- Diagnose it with the Compiled SQL tab and the debugging routine of lesson 3, fix this file,
-- then grade it: the Grade tab grades this file in place of fct_orders (your own model and
-- your tables are not touched). Fixed when all eight checks pass.
{{
    config(
        materialized='incremental',
        unique_key='order_id'
    )
}}

select
    order_id,
    customer_id,
    order_status,
    order_purchase_ts,
    order_approved_ts,
    order_delivered_carrier_ts,
    order_delivered_customer_ts,
    order_estimated_delivery_date,
    order_item_row_count,
    distinct_product_count,
    items_total_value,
    freight_total_value,
    payment_total_value,
    max_payment_installments,
    payment_row_count,
    payment_type_any
from {{ ref('int_orders_enriched') }}

{% if is_incremental() %}
where order_purchase_timestamp >= dateadd('day', -3, current_timestamp)
{% endif %}
