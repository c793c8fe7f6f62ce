"""Exports: a panel's numbers and picture to take away (CSV, XLSX, SVG, PNG) with what they are about.

Built from what the pages show (``panels``' :class:`~panels.text.PanelContent`) and the service's
answers, never from a query of their own; hidden cells stay hidden and no text cell can start a
spreadsheet formula. Every module is pure (content in, bytes out) except :mod:`exports.render`,
which keeps one headless browser per process to draw pictures.
"""
