"""Hebei's administrative divisions (GB/T 2260, NBS 2023), shipped as reference data.

``data/hebei_divisions.csv`` holds all 202 rows of the national table for
Hebei plus one row for 雄安新区 (133100), which has no official code. Rows
flagged in ``note`` as statistical-only are functional zones, not GB/T 2260
divisions; 定州/辛集 are county-level cities administered by the province.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

PROVINCE = "130000"
LEVELS = {"province": "province", "prefecture": "city", "county": "county"}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | city | county (region record levels)
    parent: str
    note: str

    @property
    def statistical_only(self) -> bool:
        return "statistical-only" in self.note

    @property
    def province_administered(self) -> bool:
        return "province-administered" in self.note


@cache
def table() -> dict[str, Division]:
    text = resources.files("zwfw.data").joinpath("hebei_divisions.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {
        r["code"]: Division(r["code"], r["name"], LEVELS[r["level"]], r["parent_code"], r["note"])
        for r in rows
    }
