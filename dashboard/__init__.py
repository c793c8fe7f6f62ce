"""Mixed-migration protection dashboard for West and North Africa."""
