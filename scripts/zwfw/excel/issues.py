"""Problems found in a workbook, at a sheet and cell: ``file.xlsx!Sheet!C12: [rule] message``.

Import-stage rule ids live here (:data:`RULES`), apart from the catalog's
validation rules (``zwfw.rules.RULES``), which an import also reports after
mapping each problem back to the cell it came from. ``docs/excel.md``
documents every id below (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import report

ERROR = "error"
WARNING = "warning"

#: Every rule id the workbook stage can report, with its Chinese title.
RULES = {
    "xlsx-file": "不是可读取的 xlsx 工作簿（格式不对、已损坏、有密码或体积异常）",
    "xlsx-sheet": "缺少工作表或表头，或有无法识别的列",
    "xlsx-merged": "合并了单元格",
    "xlsx-formula": "单元格中是公式而不是值",
    "xlsx-value": "单元格的值无法按该列的类型读取",
    "xlsx-cleaned": "自动清理了全角字符、首尾空格或零宽字符",
    "xlsx-inherited": "实施清单中改写了继承自目录清单的字段",
    "xlsx-orphan": "明细行找不到所属的事项",
    "xlsx-duplicate": "同一事项在表中出现多次",
    "xlsx-department": "部门标识不存在",
    "xlsx-not-written": "部分导入时未写入的行",
    "xlsx-scope": "事项类型不在本目录的范围内（只收录依申请事项）",
    "exchange-length": "交换表中的值超过国家数据交换字段表规定的长度",
}


@dataclass(frozen=True, order=True)
class CellIssue:
    """One finding in a workbook. ``sheet``/``cell`` are empty for a problem
    of the whole file; ``file`` may also be a catalog file (a problem the
    import causes elsewhere in the catalog), then ``cell`` holds ``line:col``."""

    file: str
    sheet: str = ""
    cell: str = ""
    rule: str = ""
    message: str = ""
    severity: str = ERROR
    record: str = field(default="", compare=False)  # the catalog file of the record the problem belongs to, when known

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def where(self) -> str:
        if self.sheet and not self.file:  # a row of an exchange table: table.csv!12!column
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        if self.sheet:
            return f"{self.file}!{self.sheet}!{self.cell}" if self.cell else f"{self.file}!{self.sheet}"
        return f"{self.file}:{self.cell}" if self.cell else self.file

    def render(self) -> str:
        return report.line(self.where(), self.rule, self.message, self.is_error)


def issue(file: str, sheet: str, cell: str, rule: str, message: str, severity: str = ERROR) -> CellIssue:
    if rule not in RULES and not _catalog_rule(rule):
        raise ValueError(f"unregistered rule id {rule!r}")
    return CellIssue(file, sheet, cell, rule, message, severity)


def _catalog_rule(rule: str) -> bool:
    from ..rules import RULES as CATALOG_RULES

    return rule in CATALOG_RULES


class WorkbookError(ValueError):
    """A workbook that cannot be read at all; carries the issue to report."""

    def __init__(self, found: CellIssue):
        super().__init__(found.message)
        self.issue = found
