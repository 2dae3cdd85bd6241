"""The register database: SQLAlchemy 2 models, engine set-up, unit of work, migrations."""
