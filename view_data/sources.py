"""What each source's answers can be broken down by, and the measures they carry (for the API and exports)."""

from data_access.queries import DEATH_DIMENSIONS, FLOW_DIMENSIONS, FOURMI_DIMENSIONS
from indicators.engine import DEATH_MEASURES, FLOW_MEASURES, FOURMI_MEASURES

__all__ = [
    "DEATH_DIMENSIONS",
    "DEATH_MEASURES",
    "FLOW_DIMENSIONS",
    "FLOW_MEASURES",
    "FOURMI_DIMENSIONS",
    "FOURMI_MEASURES",
]
