"""The catalog as CPSV-AP JSON-LD (Core Public Service Vocabulary Application Profile).

Mapping: every directory item (目录清单事项) and every implementation entry
(实施清单事项) is a ``cpsv:PublicService`` (an entry is ``dct:isPartOf`` its
item); departments are ``cv:PublicOrganisation``; materials are
``cv:Evidence`` (library materials once, shared by id); results are
``cv:Output`` (an e-licence once, by id); fee items ``cv:Cost``; 办理形式
``cv:Channel``; consultation ``cv:ContactPoint``; legal bases
``eli:LegalResource``. The context is inline, so a consumer needs no network.
"""

from __future__ import annotations

import hashlib
import json

from .model import iso_duration
from .site.model import Entry, Item, SiteData

BASE = "urn:hebei-zwfw:"
CNY = "http://publications.europa.eu/resource/authority/currency/CNY"
CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
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
    "identifier": "dct:identifier",
    "title": {"@id": "dct:title", "@language": "zh"},
    "description": {"@id": "dct:description", "@language": "zh"},
    "type": {"@id": "dct:type", "@language": "zh"},
    "prefLabel": {"@id": "skos:prefLabel", "@language": "zh"},
    "isPartOf": {"@id": "dct:isPartOf", "@type": "@id"},
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
    "contactPage": {"@id": "cv:contactPage", "@type": "@id"},
    "openingHours": {"@id": "cv:openingHours", "@language": "zh"},
    "ownedBy": {"@id": "cv:ownedBy", "@type": "@id"},
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
    return g.add(node)


def dumps(site: SiteData) -> str:
    return json.dumps(export(site), ensure_ascii=False, indent=1) + "\n"
