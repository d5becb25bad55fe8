-- SKUs are unique (case-insensitively); products are often listed per category.
CREATE UNIQUE INDEX products_sku_lower_idx ON products (lower(sku));
CREATE INDEX products_category_id_idx ON products (category_id);
