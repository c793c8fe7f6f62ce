"""Geometry, places and name matching for the dashboard."""
