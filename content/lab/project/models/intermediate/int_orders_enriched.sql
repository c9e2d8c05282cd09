-- Every order with its item and payment totals; an order without items or payments gets zeros.
with orders as (
    select * from {{ ref('stg_orders') }}
),

items as (
    select * from {{ ref('int_order_items_agg') }}
),

payments as (
    select * from {{ ref('int_payments_agg') }}
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
left join payments on payments.order_id = orders.order_id
