"""Helpers shared by several test folders: registers, containers, card fakes, canned prompts."""
