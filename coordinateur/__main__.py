from coordinateur.cli import main

raise SystemExit(main())
