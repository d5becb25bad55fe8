-- Total stock per product across all warehouses.
CREATE VIEW product_inventory AS
SELECT p.id          AS product_id,
       p.sku,
       p.name,
       c.code        AS category_code,
       COALESCE(sum(s.quantity), 0)::integer AS total_quantity
FROM products p
JOIN categories c ON c.id = p.category_id
LEFT JOIN stock_levels s ON s.product_id = p.id
GROUP BY p.id, p.sku, p.name, c.code;
