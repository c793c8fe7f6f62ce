"""Page layouts and shared components."""
