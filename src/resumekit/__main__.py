"""``python -m resumekit`` runs the command."""

from resumekit.command import main

main()
