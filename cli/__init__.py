"""The ``madoguchi`` command line: one module per command group, plumbing in ``common``.

A front end beside ui/: it builds the core's container (app.bootstrap) and calls its services.
The core never imports this package.
"""
