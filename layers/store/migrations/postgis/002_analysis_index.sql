-- Filters pushed down to the database (layers/store/sql_where.py) measure distances and
-- intersections in EPSG:4548, as the pandas masks do: an expression GiST index on
-- ST_Transform(geom, 4548) lets ST_DWithin / ST_Intersects on it use an index (the plain
-- index on geom stays for tiles and bounding boxes). Layers imported from now on get it when
-- their table is made; this adds it to the tables of layers imported before.
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT 'ws_' || id FROM zq_layers LOOP
        IF to_regclass(quote_ident(t)) IS NOT NULL THEN
            EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I USING gist (ST_Transform(geom, 4548))',
                           t || '_geom_4548', t);
        END IF;
    END LOOP;
END $$;
