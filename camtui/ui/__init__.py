"""The Textual console. Talks to engines only through `camtui.api`; never imports httpx."""
