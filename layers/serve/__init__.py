"""Several app processes behind nginx: ``python -m layers serve --processes N [--port P]``.

:mod:`layers.serve.nginx` writes the configuration (a pure function), :mod:`layers.serve.supervisor`
starts, watches and stops the processes, :mod:`layers.serve.cli` is the command. See
docs/scaling.md for the layout and what is per process.
"""
