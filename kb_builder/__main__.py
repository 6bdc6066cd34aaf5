from kb_builder.cli import main

raise SystemExit(main())
