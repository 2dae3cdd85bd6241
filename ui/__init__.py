"""PySide6 front-end: windows, views and dialogs. Thin: it starts operations and shows results."""
