"""A data folder whose West and North Africa profile defines example groups of admin-1 units (areas)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from core.config import DATA_DIR

REGION = "west-north-africa"
GROUPS = Path(__file__).parent / "examples" / "admin1_groups" / f"{REGION}.csv"
#: The example groups by hand: Liptako-Gourma spans Mali and Niger.
MEMBERS = {"air": ("NER-800",), "liptako": ("MLI-2690", "NER-4859")}


def data_dir_with_areas(folder: Path) -> Path:
    """``folder/data``: the West and North Africa profile (the default) with the example groups, the
    project's reference files linked."""
    data = folder / "data"
    region = data / "regions" / REGION
    shutil.copytree(DATA_DIR / "regions" / REGION, region)
    shutil.copyfile(GROUPS, region / "admin1_groups.csv")
    profile = json.loads((region / "profile.json").read_text(encoding="utf-8"))
    profile["files"]["admin1_groups"] = "admin1_groups.csv"
    profile["default"] = True
    (region / "profile.json").write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    (data / "reference").symlink_to(DATA_DIR / "reference")
    return data
