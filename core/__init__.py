"""Configuration and translation: the ground floor every other package stands on."""
