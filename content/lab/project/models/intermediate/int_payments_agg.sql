-- One row per order: its payments rolled up.
select
    order_id,
    sum(payment_value) as payment_total_value,
    max(payment_installments) as max_payment_installments,
    count(*) as payment_row_count,
    min(payment_type) as payment_type_any
from {{ ref('stg_payments') }}
group by order_id
