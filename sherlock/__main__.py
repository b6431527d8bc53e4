"""`python -m sherlock` runs the CLI, with the console script's fast paths."""

from sherlock.cli.main import main

main()
