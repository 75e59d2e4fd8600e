"""The command line, ``python -m model COMMAND``: the shell around the pure core.

``cli.main`` builds the parser and runs a command; each command module (``cli.analysis``, ``cli.solve``,
``cli.actuals``, ...) adds its commands through ``register(add)``; ``cli.common`` holds what they share (the
output formats, the one error type). Nothing in ``model/`` imports this package: ``model/__main__.py`` hands over
to ``cli.main.main`` and is the only exception.
"""
