"""Headless commands of the `camtui` CLI. None of them imports Textual."""
