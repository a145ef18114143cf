"""Cross-field rules inside one implementation entry: the brief's rules 1-8
(as seen in real provincial quality checkers) and their close neighbours."""

from __future__ import annotations

from collections.abc import Iterator

from .. import layout
from ..catalog import Record
from ..model import NATURAL_PER_WORKING
from ..problems import Problem, error, register
from .context import Context, each, items_of, mapping

register({
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
})


DELEGATED = {"上级授权", "同级授权", "上级委托", "同级委托"}


def check_record(ctx: Context) -> Iterator[Problem]:
    for rule in (_case_type, _visits, _fee, _result, _time_limits, _phones, _online, _entrusting):
        yield from each(ctx, ctx.of(layout.ENTRY), rule)


def _case_type(r: Record) -> Iterator[Problem]:
    """Rule 1: 承诺办结时限 0 (即办) ⇔ 办件类型 即办件."""
    promised = mapping(r.data.get("promised_time_limit")).get("value")
    case_type = r.data.get("case_type")
    if promised == 0 and case_type == "承诺件":
        yield error(r.file, "case-type", "承诺办结时限为 0（即办），办件类型却是 承诺件：请改为 case_type: 即办件，或填写承诺的天数。", ("case_type",))
    elif isinstance(promised, int) and promised > 0 and case_type == "即办件":
        yield error(r.file, "case-type", f"办件类型为 即办件，承诺办结时限却是 {promised} 天：即办件的承诺时限应为 0，否则请改为 承诺件。", ("case_type",))


def _visits(r: Record) -> Iterator[Problem]:
    """Rules 2, 3 and 4: visits, the reason for them, mail and full online handling."""
    visits = r.data.get("visits")
    online = mapping(r.data.get("online"))
    channels = items_of(r.data.get("channels"))
    if isinstance(visits, int) and visits > 0 and not r.data.get("onsite_reason"):
        yield error(r.file, "onsite-reason", f"到办事现场次数为 {visits}：请在 onsite_reason（必须现场办理原因说明）中写明必须到现场的原因及依据。", ("visits",))
    if visits == 0 and online.get("available") is not True and "邮寄申请" not in channels:
        yield error(r.file, "mail-channel", "到办事现场次数为 0 且不能网上办理：申请人只能邮寄申请，请在办理形式（channels）中加入 邮寄申请。", ("channels",))
    if online.get("level") == "Ⅳ" and isinstance(visits, int) and visits > 0:
        yield error(r.file, "full-online-visits", f"网办深度为 Ⅳ 级（全程网办），到办事现场次数却是 {visits}：全程网办应为 0 次，或降低网办深度等级。", ("visits",))


def _fee(r: Record) -> Iterator[Problem]:
    """Rule 5: a fee names its items, standards and basis; no fee, no online payment."""
    fee = mapping(r.data.get("fee"))
    fee_items = items_of(fee.get("items"))
    if fee.get("charged") is True:
        if not fee_items:
            yield error(r.file, "fee", "收费事项须列出收费项目：请在 fee.items 中写明每项的名称（name）和标准（standard）。", ("fee", "charged"))
        each_has_basis = bool(fee_items) and all(mapping(i).get("basis") for i in fee_items)
        if not fee.get("basis") and not each_has_basis:
            yield error(r.file, "fee", "收费事项须写明收费依据：请填写 fee.basis（文件名称与文号）。", ("fee", "charged"))
    elif fee.get("charged") is False:
        if fee.get("online_payment") is True:
            yield error(r.file, "fee", "不收费的事项不能支持网上支付：请删除 online_payment 或改为 false。", ("fee", "online_payment"))
        if fee_items:
            yield error(r.file, "fee", "是否收费为否，却列出了收费项目：请删除 fee.items，或把 charged 改为 true。", ("fee", "items"))


def _result(r: Record) -> Iterator[Problem]:
    """Rule 6: a named result has a sample."""
    result = mapping(r.data.get("result"))
    if result.get("name") and not result.get("sample"):
        yield error(r.file, "result-sample", f"审批结果“{result['name']}”没有结果样本：请在 result.sample 中写明样本文件的路径或网址。", ("result", "name"))


def _time_limits(r: Record) -> Iterator[Problem]:
    """Rule 7: 承诺办结时限 ≤ 法定办结时限 (converted when units differ)."""
    legal, promised = mapping(r.data.get("legal_time_limit")), mapping(r.data.get("promised_time_limit"))
    lv, pv = legal.get("value"), promised.get("value")
    if not isinstance(lv, int) or not isinstance(pv, int) or "unit" not in legal or "unit" not in promised:
        return
    if _natural(pv, promised["unit"]) > _natural(lv, legal["unit"]) or (legal["unit"] == promised["unit"] and pv > lv):
        yield error(
            r.file,
            "time-limit",
            f"承诺办结时限（{pv} {promised['unit']}）超过法定办结时限（{lv} {legal['unit']}）：承诺时限不得长于法定时限。",
            ("promised_time_limit", "value"),
        )


def _natural(value: int, unit: str) -> float:
    return value * NATURAL_PER_WORKING if unit == "工作日" else float(value)


def _phones(r: Record) -> Iterator[Problem]:
    """Rule 8: consultation and complaint phones both present and different."""
    ask = mapping(r.data.get("consultation")).get("phone")
    complain = mapping(r.data.get("complaint")).get("phone")
    if ask and complain and _digits(ask) == _digits(complain):
        yield error(r.file, "phones", f"咨询电话与监督投诉电话相同（{ask}）：投诉电话应是独立的监督渠道，请填写不同的号码（例如 12345）。", ("complaint", "phone"))


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())


def _online(r: Record) -> Iterator[Problem]:
    """Online handling is described completely and agrees with the channels."""
    online = mapping(r.data.get("online"))
    channels = items_of(r.data.get("channels"))
    available = online.get("available")
    if available is True:
        for key, title in (("url", "网办地址"), ("depth", "网上办理深度")):
            if not online.get(key):
                yield error(r.file, "online", f"可以网上办理时须写明{title}：请填写 online.{key}。", ("online", "available"))
        if channels and "网上办理" not in channels:
            yield error(r.file, "online", "可以网上办理，办理形式中却没有 网上办理：请在 channels 中加入。", ("channels",))
    elif "网上办理" in channels:
        yield error(r.file, "online", "办理形式中有 网上办理，却没有写明网办信息：请设置 online.available: true 并填写网办地址和深度。", ("channels",))
    elif available is False and (online.get("level") or online.get("url")):
        yield error(r.file, "online", "不能网上办理时不应填写网办深度等级或网办地址。", ("online",))


def _entrusting(r: Record) -> Iterator[Problem]:
    source = r.data.get("power_source")
    if source in DELEGATED and not r.data.get("entrusting_department"):
        yield error(r.file, "entrusting-department", f"权力来源为 {source}：请在 entrusting_department 中写明委托（授权）部门。", ("power_source",))
