-- One row per order: the order with its items and payments rolled up, built incrementally.
-- First run (or --full-refresh): every order. Later runs: only the orders bought in the last 3 days
-- (relative to the lab clock, which current_timestamp follows), recomputed so late payments and
-- status changes land; unique_key='order_id' replaces those rows instead of duplicating them.
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
-- dateadd is the course's Snowflake form (the lab translates it). The same window on any adapter
-- is dbt's cross-database macro dbt.dateadd('day', -3, 'current_timestamp') inside double braces,
-- and in DuckDB's own SQL current_timestamp - interval 3 day.
where order_purchase_ts >= dateadd('day', -3, current_timestamp)
{% endif %}
