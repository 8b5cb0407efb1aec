from camtui.cli import main

raise SystemExit(main())
