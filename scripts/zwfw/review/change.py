"""One change between two revisions, as the change report shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import schemas

ERROR = "error"  # breaks a rule (codes are immutable): the report fails
LEGAL = "legal"  # highlighted for the legal review
NOTICE = "notice"  # highlighted for every reviewer
INFO = "info"
SEVERITIES = (ERROR, LEGAL, NOTICE, INFO)

#: Every kind of change the report can show, with its Chinese title (docs/review.md lists them).
KINDS = {
    "code-changed": "基本编码被更改（错误）",
    "code-reused": "删除的编码用于其他事项，包括在同一次修改中（错误）",
    "legal-basis-changed": "设定依据变化（需合法性审核）",
    "item-type-changed": "事项类型变化（需合法性审核）",
    "item-added": "新增目录清单事项",
    "item-removed": "删除目录清单事项",
    "item-renamed": "事项更名",
    "item-moved": "主管部门变更",
    "item-reinstated": "恢复此前删除的事项",
    "levels-changed": "行使层级变化",
    "status-changed": "事项状态变化",
    "entry-added": "新增实施清单",
    "entry-removed": "删除实施清单",
    "materials-changed": "申请材料增删",
    "time-limit-changed": "办结时限变化",
    "visits-changed": "到办事现场次数变化",
    "fee-changed": "收费变化",
    "team-changed": "部门审核团队变化（变更前后的团队，需合法性审核一方看到）",
    "credit-code-changed": "统一社会信用代码变化",
    "reviewers-changed": "区域审核团队变化（变更前后的名称和团队，需合法性审核一方看到）",
    "record-added": "新增部门、区域或标准库记录",
    "record-removed": "删除部门、区域或标准库记录",
    "fields-changed": "其他字段修改",
    "unreadable": "文件无法读取",
}


@dataclass(frozen=True)
class Change:
    kind: str  # e.g. "legal-basis-changed"; docs/review.md lists them all
    severity: str
    record: str  # layout kind of the record
    file: str
    title: str  # the record in words, e.g. 食品经营许可（000131001000）
    message: str  # what changed, in Chinese
    details: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def field_title(kind: str, key: str) -> str:
    """The Chinese title of a top-level field (from the schema), e.g. 办理地点."""
    title = schemas.node_at(kind, (key,)).get("title")
    return title if isinstance(title, str) else key


def other_fields(kind: str, old: dict, new: dict, handled: set[str]) -> list[str]:
    """Titles of the fields, other than ``handled``, whose values differ."""
    keys = sorted((set(old) | set(new)) - handled)
    return [field_title(kind, k) for k in keys if old.get(k) != new.get(k)]


def text(value) -> str:
    return value if isinstance(value, str) else ""


def items_of(value) -> list:
    return value if isinstance(value, list) else []


def mapping(value) -> dict:
    return value if isinstance(value, dict) else {}
