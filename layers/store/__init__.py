"""The workspace store: one interface (:mod:`layers.store.base`), two engines.

The embedded default is a GeoPackage in ``ZQ_WORKSPACE``; ``ZQ_DATABASE_URL=postgresql://…``
puts the whole workspace in PostgreSQL + PostGIS.
"""
