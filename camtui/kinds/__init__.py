"""Every kind of thing camtui lists, describes and acts on, declared once (see ARCHITECTURE.md).

The console's views, `camtui get`, `camtui describe`, the command palette, `?` and the CLI's
changing commands all read these declarations. Never imports Textual.
"""
