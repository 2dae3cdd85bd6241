"""Views of the main window: each needs one right and is listed in ui/views/registry.py."""
