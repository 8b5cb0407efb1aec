from camtui.cli import entry

entry()
