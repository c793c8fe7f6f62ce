"""What each source's answers can be broken down by (and how far), and the measures they carry."""

from data_access.queries import DEATH_DIMENSIONS, FLOW_DIMENSIONS, FOURMI_DIMENSIONS
from indicators.engine import (
    DEATH_MEASURES,
    FLOW_MEASURES,
    FOURMI_MEASURES,
    MAX_BREAKDOWN,
    BreakdownError,
    check_breakdown,
)

__all__ = [
    "DEATH_DIMENSIONS",
    "DEATH_MEASURES",
    "FLOW_DIMENSIONS",
    "FLOW_MEASURES",
    "FOURMI_DIMENSIONS",
    "FOURMI_MEASURES",
    "MAX_BREAKDOWN",
    "BreakdownError",
    "check_breakdown",
]
