"""Deterministic synthetic demo data in the import formats: 4Mi cells, FMP registries, MMP incidents.

The numbers are shaped on published figures only so that the dashboard looks
plausible; they are not real data, and every file name starts with ``synthetic_``.
"""

from data_access.demo.generator import generate
from data_access.demo.load import load_demo

__all__ = ["generate", "load_demo"]
