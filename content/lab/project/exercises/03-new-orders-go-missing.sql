-- Debugging exercise 3 of 4: new orders go missing
-- A colleague's incremental fct_orders, and what they report:
--   "I made the model cheaper: items and payments are read only for the window's orders.
--    Since then some of each day's new orders never show up in fct_orders, although
--    they are in raw.orders."
-- Diagnose it with the Compiled SQL tab and the debugging routine of lesson 3, fix this file,
-- then grade it: the Grade tab grades this file in place of fct_orders (your own model and
-- your tables are not touched). Fixed when all eight checks pass.
{{
    config(
        materialized='incremental',
        unique_key='order_id'
    )
}}

with orders as (
    select
        order_id,
        customer_id,
        order_status,
        order_purchase_ts,
        order_approved_ts,
        order_delivered_carrier_ts,
        order_delivered_customer_ts,
        order_estimated_delivery_date
    from {{ ref('stg_orders') }}
    {% if is_incremental() %}
    where order_purchase_ts >= current_timestamp - interval 3 day
    {% endif %}
),

items as (
    select
        order_id,
        count(*) as order_item_row_count,
        count(distinct product_id) as distinct_product_count,
        sum(item_price) as items_total_value,
        sum(freight_value) as freight_total_value
    from {{ ref('stg_order_items') }}
    where order_id in (select order_id from orders)
    group by order_id
),

payments as (
    select
        order_id,
        sum(payment_value) as payment_total_value,
        max(payment_installments) as max_payment_installments,
        count(*) as payment_row_count,
        min(payment_type) as payment_type_any
    from {{ ref('stg_payments') }}
    where order_id in (select order_id from orders)
    group by order_id
)

select
    orders.order_id,
    orders.customer_id,
    orders.order_status,
    orders.order_purchase_ts,
    orders.order_approved_ts,
    orders.order_delivered_carrier_ts,
    orders.order_delivered_customer_ts,
    orders.order_estimated_delivery_date,
    coalesce(items.order_item_row_count, 0) as order_item_row_count,
    coalesce(items.distinct_product_count, 0) as distinct_product_count,
    coalesce(items.items_total_value, 0) as items_total_value,
    coalesce(items.freight_total_value, 0) as freight_total_value,
    coalesce(payments.payment_total_value, 0) as payment_total_value,
    coalesce(payments.max_payment_installments, 0) as max_payment_installments,
    coalesce(payments.payment_row_count, 0) as payment_row_count,
    payments.payment_type_any
from orders
left join items on items.order_id = orders.order_id
join payments on payments.order_id = orders.order_id
