"""Tests of the indicator engine."""
