"""The project register (重点项目库): the plan's projects as an editable layer of the workspace
store.

- :mod:`layers.register.fields` — the columns, declared as data (labels, kinds, choices);
- :mod:`layers.register.validate` — the one validation (form, spreadsheet, callers), zh/en;
- :mod:`layers.register.service` — store callers: add/save/remove/import, seeding from the
  bundled data;
- :mod:`layers.register.frame` — the register as the map's "projects" layer;
- :mod:`layers.register.sheet` — xlsx/CSV import and export;
- :mod:`layers.register.stats` — the register beside the published totals.
"""
