"""The catalog as CPSV-AP JSON-LD (Core Public Service Vocabulary Application Profile).

Mapping: every directory item (目录清单事项) and every implementation entry
(实施清单事项) is a ``cpsv:PublicService`` (an entry is ``dct:isPartOf`` its
item); departments are ``cv:PublicOrganisation``; materials are
``cv:Evidence`` (library materials once, shared by id); results are
``cv:Output`` (an e-licence once, by id); fee items ``cv:Cost``; 办理形式
``cv:Channel``; consultation ``cv:ContactPoint``; 受理条件
``cv:CriterionRequirement``; 俗称 ``dcat:keyword``; legal bases
``eli:LegalResource``. The context is inline, so a consumer needs no network.
The fields CPSV-AP has no place for are listed, with the reason, in :data:`NOT_MAPPED`.
"""

from __future__ import annotations

import hashlib
import json

from . import layout
from .model import iso_duration
from .site.model import Entry, Item, SiteData

BASE = "urn:hebei-zwfw:"
CNY = "http://publications.europa.eu/resource/authority/currency/CNY"
CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "PublicService": "cpsv:PublicService",
    "PublicOrganisation": "cv:PublicOrganisation",
    "Evidence": "cv:Evidence",
    "Output": "cv:Output",
    "Cost": "cv:Cost",
    "Channel": "cv:Channel",
    "ContactPoint": "cv:ContactPoint",
    "LegalResource": "eli:LegalResource",
    "CriterionRequirement": "cv:CriterionRequirement",
    "identifier": "dct:identifier",
    "title": {"@id": "dct:title", "@language": "zh"},
    "description": {"@id": "dct:description", "@language": "zh"},
    "type": {"@id": "dct:type", "@language": "zh"},
    "prefLabel": {"@id": "skos:prefLabel", "@language": "zh"},
    "keyword": {"@id": "dcat:keyword", "@language": "zh"},
    "isPartOf": {"@id": "dct:isPartOf", "@type": "@id"},
    "hasCriterion": {"@id": "cv:hasCriterion", "@type": "@id"},
    "hasCompetentAuthority": {"@id": "cv:hasCompetentAuthority", "@type": "@id"},
    "hasInput": {"@id": "cpsv:hasInput", "@type": "@id"},
    "produces": {"@id": "cpsv:produces", "@type": "@id"},
    "hasCost": {"@id": "cv:hasCost", "@type": "@id"},
    "hasChannel": {"@id": "cv:hasChannel", "@type": "@id"},
    "hasContactPoint": {"@id": "cv:hasContactPoint", "@type": "@id"},
    "hasLegalResource": {"@id": "cv:hasLegalResource", "@type": "@id"},
    "processingTime": {"@id": "cv:processingTime", "@type": "xsd:duration"},
    "value": {"@id": "cv:value", "@type": "xsd:decimal"},
    "currency": {"@id": "cv:currency", "@type": "@id"},
    "telephone": "cv:telephone",
    "email": "cv:email",
    "contactPage": {"@id": "cv:contactPage", "@type": "@id"},
    "openingHours": {"@id": "cv:openingHours", "@language": "zh"},
    "ownedBy": {"@id": "cv:ownedBy", "@type": "@id"},
}

_INHERITED = "由目录清单继承：实施清单以 isPartOf 指向事项，title 即事项名称"
_AGENCY = "实施机关的权力来源、性质及受托、联办机关：CPSV-AP 只有主管机关（hasCompetentAuthority）"
_NATIONAL = "对接国家政务服务平台的分类和编码：CPSV-AP 没有对应的代码表"
_MATERIAL = "材料的来源、形式、份数和审查要求：CPSV-AP 的 Evidence 只有名称和说明"
_STEPS = "办理流程和特别程序：CPSV-AP 的公共服务没有流程步骤"
_CHANNEL = "办理渠道的细项（网办深度、到现场次数、大厅、快递、预约）：CPSV-AP 的 Channel 只有类型，办理形式已导出为 Channel"
_LOCAL = "各地自有的办事信息（地点、投诉、救济途径、常见问题）：CPSV-AP 没有对应属性，见网站办事指南"
_FEE = "收费依据和减免：CPSV-AP 的 Cost 只有金额、币种和说明"
_TIME = "CPSV-AP 只有一个办理时间（processingTime，取承诺办结时限，ISO 8601 时长，不带说明）"
_STATE = "事项状态、生效和取消日期、修订序号：CPSV-AP 的公共服务没有对应的文本属性（状态须用受控词表的 IRI）"
_ITEM = "目录管理字段（主项子项、来源、行使层级、实施方式、主题分类、曾用编码）：CPSV-AP 没有对应属性或需受控词表"

#: Entry and item fields the CPSV-AP document leaves out, each with its reason.
NOT_MAPPED: dict[str, dict[str, str]] = {
    layout.ENTRY: {
        **dict.fromkeys(("item", "name"), _INHERITED),
        **dict.fromkeys(("power_source", "agency_nature", "entrusting_department", "joint_agencies"), _AGENCY),
        **dict.fromkeys(("handling_items", "audience", "case_type", "quantity_limit", "intermediary_services"), _NATIONAL),
        **dict.fromkeys(("legal_time_limit", "promised_time_limit.note"), _TIME),
        **dict.fromkeys(tuple(f"materials.{k}" for k in ("source", "source_note", "originals", "photocopies", "type", "form",
                                                         "necessity", "copies", "spec", "notes", "acceptance", "basis",
                                                         "substitute", "shared")), _MATERIAL),
        **dict.fromkeys(("steps", "special_procedures"), _STEPS),
        **dict.fromkeys(("visits", "onsite_reason", "online", "service_hall", "express", "appointment", "self_service",
                         "handle_area"), _CHANNEL),
        **dict.fromkeys(("town", "village", "location", "consultation.address", "complaint", "remedies", "faq"), _LOCAL),
        **dict.fromkeys(("fee.items.basis", "fee.items.reducible", "fee.items.reduction_basis", "fee.basis",
                         "fee.online_payment"), _FEE),
        "result.sample": "结果样本是附件文件名，附件不随目录数据公开",
        **dict.fromkeys(("status", "effective_date", "cancel_date", "version"), _STATE),
    },
    layout.ITEM: {
        **dict.fromkeys(("hierarchy", "main_item", "source", "national_code", "levels", "implementation_mode", "topic",
                         "topics", "audience", "former_codes"), _ITEM),
        **dict.fromkeys(("status", "effective_date", "cancel_date"), _STATE),
    },
}


def iri(kind: str, key: str) -> str:
    return f"{BASE}{kind}:{key}"


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class _Graph:
    """Nodes by IRI: a node met twice (a library material, a law) is written once."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict] = {}

    def add(self, node: dict) -> str:
        self.nodes.setdefault(node["@id"], node)
        return node["@id"]


def export(site: SiteData) -> dict:
    """The whole catalog as one JSON-LD document (a ``@graph``)."""
    g = _Graph()
    for dept in site.departments.values():
        g.add({"@id": iri("org", dept.id), "@type": "PublicOrganisation", "identifier": dept.data.get("credit_code", dept.id),
               "prefLabel": dept.name})
    for item in site.items.values():
        g.add(_item(g, site, item))
        for entry in item.entries:
            g.add(_entry(g, site, item, entry))
    return {"@context": CONTEXT, "@graph": [g.nodes[k] for k in sorted(g.nodes)]}


def _item(g: _Graph, site: SiteData, item: Item) -> dict:
    node = {"@id": iri("item", item.code), "@type": "PublicService", "identifier": item.code, "title": item.name,
            "type": item.type, "hasCompetentAuthority": iri("org", item.department)}
    if item.data.get("description"):
        node["description"] = item.data["description"]
    if item.data.get("aliases"):
        node["keyword"] = list(item.data["aliases"])
    laws = [_law(g, b) for b in item.data.get("legal_basis", [])]
    if laws:
        node["hasLegalResource"] = laws
    return node


def _law(g: _Graph, basis: dict) -> str:
    title = "".join(str(basis.get(k, "")) for k in ("law", "article"))
    node = {"@id": iri("law", _hash(title)), "@type": "LegalResource", "title": title}
    if basis.get("doc_no"):
        node["identifier"] = basis["doc_no"]
    if basis.get("text"):
        node["description"] = basis["text"]
    return g.add(node)


def _entry(g: _Graph, site: SiteData, item: Item, e: Entry) -> dict:
    d = e.data
    key = e.implementation_code
    node = {"@id": iri("service", key), "@type": "PublicService", "identifier": key, "title": item.name,
            "isPartOf": iri("item", item.code), "hasCompetentAuthority": iri("org", e.department),
            "hasInput": [_evidence(g, site, key, i, m) for i, m in enumerate(d.get("materials", []))],
            "hasChannel": [g.add({"@id": iri("channel", _hash(c)), "@type": "Channel", "type": c}) for c in d.get("channels", [])],
            "hasContactPoint": _contact(g, key, d)}
    if d.get("conditions"):
        node["hasCriterion"] = [g.add({"@id": iri("criterion", key), "@type": "CriterionRequirement", "title": "受理条件",
                                       "description": d["conditions"]})]
    duration = iso_duration(d.get("promised_time_limit"))
    if duration:
        node["processingTime"] = duration
    output = _output(g, site, key, d.get("result") or {})
    if output:
        node["produces"] = output
    costs = _costs(g, key, d.get("fee") or {})
    if costs:
        node["hasCost"] = costs
    return node


def _evidence(g: _Graph, site: SiteData, key: str, i: int, m: dict) -> str:
    ref = m.get("ref")
    if ref:
        lib = site.materials.get(ref, {})
        node = {"@id": iri("evidence", ref), "@type": "Evidence", "identifier": ref, "title": lib.get("name", ref)}
        if lib.get("description"):
            node["description"] = lib["description"]
        return g.add(node)
    return g.add({"@id": iri("evidence", f"{key}-{i + 1}"), "@type": "Evidence", "title": m.get("name", "")})


def _output(g: _Graph, site: SiteData, key: str, result: dict) -> str | None:
    lid = result.get("licence")
    if lid in site.licences:
        lic = site.licences[lid]
        return g.add({"@id": iri("licence", lid), "@type": "Output", "identifier": lid, "title": lic.get("name", lid),
                      "type": "电子证照"})
    if result.get("type") in (None, "无"):
        return None
    return g.add({"@id": iri("output", key), "@type": "Output", "title": result.get("name") or result["type"], "type": result["type"]})


def _costs(g: _Graph, key: str, fee: dict) -> list[str]:
    if not fee.get("charged"):
        return [g.add({"@id": iri("cost", f"{key}-free"), "@type": "Cost", "value": 0, "currency": CNY, "description": "不收费"})]
    return [g.add({"@id": iri("cost", f"{key}-{i + 1}"), "@type": "Cost", "currency": CNY,
                   "description": f"{c.get('name', '')}：{c.get('standard', '')}"}) for i, c in enumerate(fee.get("items", []))]



def _contact(g: _Graph, key: str, d: dict) -> str:
    c = d.get("consultation") or {}
    node = {"@id": iri("contact", key), "@type": "ContactPoint", "openingHours": d.get("hours", "")}
    if c.get("phone"):
        node["telephone"] = str(c["phone"])
    if c.get("url"):
        node["contactPage"] = c["url"]
    if c.get("email"):
        node["email"] = c["email"]
    return g.add(node)


def dumps(site: SiteData) -> str:
    return json.dumps(export(site), ensure_ascii=False, indent=1) + "\n"
