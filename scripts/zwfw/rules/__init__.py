"""Cross-record rules. Each module checks one concern and yields problems;
:data:`RULES` documents every rule id any check can report (the docs page and
a test keep them in step)."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..problems import Problem
from . import elements, legal, materials, references, same_four, structure
from .context import Context

#: Every rule id with its Chinese title. Reading-stage and schema rules are listed too.
RULES = {
    # reading and schema
    "layout": "文件位置不符合目录结构",
    "read": "文件无法读取",
    "file-size": "文件过大",
    "encoding": "文件编码不是无 BOM 的 UTF-8",
    "html": "文本中含有 HTML 标签或脚本",
    "yaml-syntax": "YAML 格式错误",
    "yaml-tab": "用了制表符缩进",
    "yaml-alias": "使用了锚点、别名或合并键",
    "duplicate-key": "字段重复",
    "not-a-record": "文件内容不是一条记录",
    "schema-comment": "缺少或写错编辑器提示注释",
    "required": "缺少必填字段",
    "unknown-field": "未知字段",
    "enum": "值不在可选范围内",
    "type": "值的类型不对",
    "empty": "值为空",
    "format": "格式不正确",
    "duplicate-value": "列表中有重复值",
    "range": "超出允许范围",
    "schema": "不符合模式",
    # structure
    "region-folder": "区域文件夹与区划代码不一致",
    "division-code": "区划代码不在河北省区划代码表中",
    "region-missing": "区域文件夹缺少 region.yaml",
    "department-missing": "部门文件夹缺少 department.yaml",
    "department-region": "部门不在其所属区域的文件夹中",
    "id-mismatch": "标识与文件（夹）名不一致",
    "credit-code": "统一社会信用代码校验不通过",
    "duplicate-code": "编码或标识重复",
    "catalog-level": "目录清单事项放在了不应定义它的层级",
    # references and 三级四同
    "unknown-item": "引用的目录清单事项不存在",
    "unknown-material": "引用的标准材料不存在",
    "unknown-licence": "引用的电子证照不存在",
    "file-name": "文件名与编码不一致",
    "same-four": "违反三级四同（名称、类型、依据、编码须与目录清单一致）",
    "derived-code": "手工填写了自动生成的实施编码",
    "level-mismatch": "事项的行使层级不含实施机关所在层级",
    "city-item-scope": "市级地区性事项在本市以外实施",
    "item-cancelled": "实施已取消的事项",
    "legal-basis": "行政权力事项缺少设定依据",
    # elements (the brief's cross-field rules 1-8 and their neighbours)
    "case-type": "办件类型与承诺办结时限不一致",
    "onsite-reason": "需到现场但未说明原因",
    "mail-channel": "不见面又不能网办，却没有邮寄申请",
    "full-online-visits": "全程网办却要求到现场",
    "fee": "收费信息不完整或矛盾",
    "result-sample": "有结果名称但没有结果样本",
    "time-limit": "承诺办结时限超过法定办结时限",
    "phones": "咨询电话与投诉电话相同",
    "online": "网上办理信息不完整或矛盾",
    "entrusting-department": "委托或授权事项缺少委托部门",
    "material-ref-or-name": "申请材料须引用标准库或写明名称（二者择一）",
    # standard libraries (materials.py; material-duplicate is reported by zwfw materials lint)
    "material-substitute": "可能遗失的必要材料缺少替代要件或救济措施",
    "material-licence": "政府部门核发的标准材料未关联已有的电子证照",
    "material-duplicate": "近似重复的材料（zwfw materials lint）",
}

CHECKS = (structure.check, references.check, same_four.check, legal.check, elements.check, materials.check)


def check(catalog: Catalog) -> Iterator[Problem]:
    ctx = Context.build(catalog)
    for run in CHECKS:
        yield from run(ctx)
