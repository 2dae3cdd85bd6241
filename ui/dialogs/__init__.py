"""Dialogs shared by several views (card prompts)."""
