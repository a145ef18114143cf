"""``reform.yaml`` at the repository root: the baseline revision and the targets.

    baseline: <full commit sha>   # the catalog as first entered
    targets:
      materials_reduction: 0.6     # 申请材料压减 60%
      visits_max: 1                # 最多跑一次
      e_licence_share: 1.0         # 办理结果全部电子化
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import yamlio

FILE = "reform.yaml"


class ConfigError(ValueError):
    """reform.yaml is missing a value or has a wrong one."""


@dataclass(frozen=True)
class Targets:
    materials_reduction: float = 0.6
    visits_max: int = 1
    e_licence_share: float = 1.0


@dataclass(frozen=True)
class Config:
    baseline: str | None = None
    targets: Targets = Targets()


def load(root: Path) -> Config:
    path = root / FILE
    if not path.is_file():
        return Config()
    try:
        data = yamlio.load(yamlio.decode(path.read_bytes())) or {}
    except yamlio.ReadError as exc:
        raise ConfigError(f"{FILE}:{exc.line}: {exc.message}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{FILE}：应为“字段: 值”的形式。")
    baseline = data.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise ConfigError(f"{FILE}：baseline（基线版本）应为提交编号、标签或日期（加引号）。")
    raw = data.get("targets") or {}
    defaults = Targets()
    try:
        targets = Targets(
            materials_reduction=float(raw.get("materials_reduction", defaults.materials_reduction)),
            visits_max=int(raw.get("visits_max", defaults.visits_max)),
            e_licence_share=float(raw.get("e_licence_share", defaults.e_licence_share)),
        )
    except (TypeError, ValueError, AttributeError):
        raise ConfigError(f"{FILE}：targets（改革目标）中的值应为数字。") from None
    return Config(baseline, targets)
