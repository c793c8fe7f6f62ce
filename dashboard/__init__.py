"""Mixed-migration protection dashboard: app, API, exports, low-bandwidth view and command line, per region profile."""
