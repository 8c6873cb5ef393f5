"""``python -m resumekit`` runs the CLI."""

from resumekit.cli import main

main()
