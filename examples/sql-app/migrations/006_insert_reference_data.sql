-- Fixed reference data (deterministic: explicit ids, no timestamps).
INSERT INTO categories (id, code, name) VALUES
    (1, 'books',       'Books'),
    (2, 'electronics', 'Electronics'),
    (3, 'garden',      'Garden');

INSERT INTO warehouses (id, code, city) VALUES
    (1, 'AMS', 'Amsterdam'),
    (2, 'BER', 'Berlin');

-- Keep the identity sequences past the explicit ids.
ALTER TABLE categories ALTER COLUMN id RESTART WITH 4;
ALTER TABLE warehouses ALTER COLUMN id RESTART WITH 3;
