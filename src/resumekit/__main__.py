"""``python -m resumekit`` runs the CLI."""

from resumekit.cli import app

app(prog_name="resumekit")
