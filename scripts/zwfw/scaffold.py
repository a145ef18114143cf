"""Templates for new records (``zwfw new``): a commented YAML file with the
next free code, the right place and the editor schema line, whose blanks
(``""`` for text, ``~`` for numbers) fail validation until they are filled."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import codes, layout
from .catalog import Catalog, Record, expected_schema_comment


class ScaffoldError(ValueError):
    """The answers do not lead to a record that can be created; the message says why."""


@dataclass
class NewFile:
    path: str  # repository-relative POSIX path
    text: str


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _flow(values) -> str:
    return "[" + ", ".join(values) + "]"


def find_department(catalog: Catalog, dept_id: str) -> Record:
    for r in catalog.of(layout.DEPARTMENT):
        if r.department == dept_id:
            return r
    known = "、".join(sorted(r.department for r in catalog.of(layout.DEPARTMENT))[:20])
    raise ScaffoldError(f"找不到部门 {dept_id}（items/**/{dept_id}/department.yaml）。已有部门：{known} …")


def _folder(dept: Record) -> str:
    return dept.file.rsplit("/", 1)[0]


def new_item(catalog: Catalog, dept_id: str, item_type: str, name: str = "", main_item: str | None = None) -> NewFile:
    """A directory item owned by ``dept_id`` with the next free basic code."""
    if item_type not in codes.IN_SCOPE_TYPES:
        raise ScaffoldError(f"事项类型 {item_type} 不在范围内：可选 {'、'.join(codes.IN_SCOPE_TYPES)}。")
    dept = find_department(catalog, dept_id)
    items = catalog.of(layout.ITEM)
    taken = {r.where.stem for r in items} | {c for r in items for c in r.data.get("former_codes") or [] if isinstance(c, str)}
    if main_item and main_item not in {r.where.stem for r in items}:
        raise ScaffoldError(f"主项 {main_item} 不在目录清单中。")
    region_level = _region_level(catalog, dept)
    if region_level == "county":
        raise ScaffoldError("县级部门不定义目录清单事项：请用 zwfw new entry 为省级或市级事项编制实施清单。")
    sector = dept.data.get("sector_code")
    if not main_item and sector not in codes.department_codes():
        raise ScaffoldError(f"部门 {dept_id} 没有有效的部门编码（sector_code）：请先在 department.yaml 中填写基本编码第 5-6 位的部门编码，见 scripts/zwfw/data/department_codes.csv。")
    code = codes.next_basic_code(item_type, str(sector), taken, main_item)
    path = f"{_folder(dept)}/{layout.CATALOG_DIR}/{code}.yaml"
    # Allocated codes are Hebei's own (13…): items of the national directory carry the national code instead.
    source = "市级地区性" if region_level == "city" else ("公共服务" if item_type == codes.PUBLIC_SERVICE else "省级特设")
    lines = [
        f"# yaml-language-server: $schema={expected_schema_comment(path, layout.ITEM)}",
        f"# 目录清单事项，主管部门：{dept.data.get('name', dept_id)}。",
        "# 把所有 \"\" 填好（不需要的可选字段整行删除），然后运行 zwfw validate。",
        f"code: {_q(code)}  # 基本编码 PP TT DD MMM SSS：自动分配（13 开头）；国家基本目录事项改为国家编码；发布后不得更改",
        f"name: {_q(name)}  # 事项名称：三级统一的规范名称",
        f"type: {item_type}  # 事项类型",
        f"hierarchy: {'子项' if main_item else '主项'}  # 主项 / 子项（业务办理项在实施清单的 handling_items 中）",
    ]
    if main_item:
        lines.append(f"main_item: {_q(main_item)}  # 所属主项的基本编码")
    lines += [
        f"source: {source}  # 国家基本目录 / 省级特设 / 公共服务 / 市级地区性",
        f"levels: {_flow(['市级', '县级'] if region_level == 'city' else ['省级', '市级', '县级'])}  # 行使层级：删去不实施的层级",
        "implementation_mode: 分别实施  # 共同实施 / 分别实施 / 单独实施",
        "legal_basis:  # 设定依据：至少一条",
        '  - law: ""  # 法律法规名称，例如《中华人民共和国行政许可法》',
        '    article: ""  # 条款，例如 第十二条',
    ]
    if item_type == codes.PUBLIC_SERVICE:
        lines.append("topic: 其他  # 服务主题：教育、就业创业、社会保险、社会服务、医疗卫生……")
    lines += [
        "audience: [自然人]  # 服务对象",
        'description: ""  # 用通俗语言说明本事项是什么、谁需要办理',
        "status: 在用",
    ]
    return NewFile(path, "\n".join(lines) + "\n")


def _region_level(catalog: Catalog, dept: Record) -> str | None:
    for r in catalog.of(layout.REGION):
        if r.where.regions == dept.where.regions:
            return r.data.get("level")
    return None


def new_entry(catalog: Catalog, dept_id: str, item_code: str) -> NewFile:
    """An implementation entry of item ``item_code`` by department ``dept_id``."""
    dept = find_department(catalog, dept_id)
    item = next((r for r in catalog.of(layout.ITEM) if r.data.get("code") == item_code), None)
    if item is None:
        raise ScaffoldError(f"基本编码 {item_code} 不在目录清单中：请先核对编码，或请主管部门建立目录清单事项。")
    path = f"{_folder(dept)}/{layout.ENTRIES_DIR}/{item_code}.yaml"
    if any(r.file == path for r in catalog.records):
        raise ScaffoldError(f"{path} 已存在：请直接编辑它。")
    audience = item.data.get("audience") or ["自然人"]
    lines = [
        f"# yaml-language-server: $schema={expected_schema_comment(path, layout.ENTRY)}",
        f"# 实施清单：{dept.data.get('name', dept_id)} 实施“{item.data.get('name', '')}”。",
        "# 名称、类型、设定依据和编码继承自目录清单，实施编码自动生成，不在这里填写。",
        "# 把所有 \"\" 和 ~ 填好（不需要的可选字段整行删除），然后运行 zwfw validate。",
        f"item: {_q(item_code)}  # 基本编码（不要修改）",
        f"name: {_q(item.data.get('name', ''))}  # 须与目录清单一致",
        "power_source: 法定本级行使  # 法定本级行使 / 上级下放 / 上级授权 / 同级授权 / 上级委托 / 同级委托",
        f"audience: {_flow(audience)}  # 服务对象",
        "case_type: 承诺件  # 即办件（承诺时限为 0）/ 承诺件",
        "legal_time_limit: {value: ~, unit: 工作日}  # 法定办结时限",
        "promised_time_limit: {value: ~, unit: 工作日}  # 承诺办结时限，不得超过法定时限",
        'conditions: ""  # 受理条件',
        "materials:  # 申请材料：ref 引用 libraries/materials/ 中的标准材料，特有材料写 name",
        '  - ref: ""',
        "    type: 原件",
        "    form: 纸质",
        "    necessity: 必要",
        "    copies: 1",
        "steps:  # 办理流程",
        "  - name: 受理",
        '    office: ""',
        "    time_limit: {value: ~, unit: 工作日}",
        "  - name: 审查",
        '    office: ""',
        "    time_limit: {value: ~, unit: 工作日}",
        "  - name: 决定",
        '    office: ""',
        "    time_limit: {value: ~, unit: 工作日}",
        "channels: [窗口办理, 网上办理]  # 办理形式：窗口办理 / 网上办理 / 邮寄申请",
        "visits: 1  # 到办事现场次数；0 为不见面办理",
        'onsite_reason: ""  # 必须到现场的原因及依据（次数为 0 时删除本行）',
        "online:",
        "  available: true  # 是否网办",
        "  depth: [互联网咨询, 互联网收件, 互联网预审]  # 网上办理深度",
        "  level: Ⅲ  # Ⅰ-Ⅳ，Ⅳ 为全程网办（到现场次数须为 0）",
        '  url: "https://www.hbzwfw.gov.cn/"  # 网办地址',
        "service_hall: true  # 是否进驻政务大厅",
        "express: {materials: false, results: true}  # 是否支持物流快递：材料邮寄、结果邮寄",
        'location: ""  # 办理地点',
        'hours: ""  # 办理时间，例如 工作日 9:00-12:00，13:30-17:00（法定节假日除外）',
        'consultation: {phone: ""}  # 咨询电话',
        'complaint: {phone: ""}  # 监督投诉电话，须与咨询电话不同',
        "fee: {charged: false, online_payment: false}  # 收费时写 charged: true，并列出 items 和 basis",
        "result:",
        "  type: 证照  # 证照 / 批文 / 其他 / 无",
        '  name: ""  # 结果名称',
        '  sample: ""  # 结果样本的文件路径或网址',
        "special_procedures: []  # 特别程序：没有时写 []（即“无”），有时列出名称、时限、说明和依据",
        "status: 在用",
        "version: 1",
    ]
    return NewFile(path, "\n".join(lines) + "\n")
