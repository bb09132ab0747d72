import sys

from ita_dash.cli import main

sys.exit(main())
