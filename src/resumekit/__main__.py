"""``python -m resumekit`` runs the command."""

try:
    from resumekit.command import main
except KeyboardInterrupt:  # Ctrl-C while the command is still being imported
    raise SystemExit(130) from None

main()
