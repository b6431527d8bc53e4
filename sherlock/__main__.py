"""`python -m sherlock` runs the CLI."""

from sherlock.cli.main import main

main()
