"""Thin callbacks: parse inputs, call pure functions, return outputs."""
