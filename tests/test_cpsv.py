"""The CPSV-AP JSON-LD export: valid JSON-LD (expanded and turned into RDF by
pyld, with no network), and every item and entry in it."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from pyld import jsonld

from conftest import REPO
from zwfw import cpsv
from zwfw.catalog import load
from zwfw.site import model

CPSV, CV, ELI = "http://purl.org/vocab/cpsv#", "http://data.europa.eu/m8g/", "http://data.europa.eu/eli/ontology#"


def _offline(url, options=None):
    raise AssertionError(f"the export must not need the network: {url}")


@pytest.fixture(scope="module")
def site():
    catalog, problems = load(REPO)
    assert not problems
    return model.build(catalog)


@pytest.fixture(scope="module")
def expanded(site):
    doc = json.loads(cpsv.dumps(site))
    return jsonld.expand(doc, {"documentLoader": _offline})


def test_every_class_is_present(expanded) -> None:
    types = Counter(t for node in expanded for t in node.get("@type", []))
    for t in (CPSV + "PublicService", CV + "PublicOrganisation", CV + "Evidence", CV + "Output", CV + "Cost",
              CV + "Channel", CV + "ContactPoint", ELI + "LegalResource"):
        assert types[t] > 0, t


def test_every_item_and_entry_is_a_public_service(site, expanded) -> None:
    services = {n["@id"]: n for n in expanded if CPSV + "PublicService" in n.get("@type", [])}
    assert {cpsv.iri("item", code) for code in site.items} <= set(services)
    assert {cpsv.iri("service", e.implementation_code) for e in site.entries} <= set(services)
    assert len(services) == len(site.items) + len(site.entries)
    item = services[cpsv.iri("item", "000131001000")]
    assert item["http://purl.org/dc/terms/title"] == [{"@value": "食品经营许可", "@language": "zh"}]
    assert item[CV + "hasCompetentAuthority"] == [{"@id": cpsv.iri("org", "hb-scjgj")}]


def test_references_resolve_within_the_graph(expanded) -> None:
    ids = {n["@id"] for n in expanded}
    for node in expanded:
        for key in (CPSV + "hasInput", CPSV + "produces", CV + "hasCost", CV + "hasChannel", CV + "hasContactPoint",
                    CV + "hasLegalResource", CV + "hasCompetentAuthority", "http://purl.org/dc/terms/isPartOf"):
            for ref in node.get(key, []):
                assert ref["@id"] in ids, (node["@id"], key, ref)


def test_it_becomes_rdf(site) -> None:
    quads = jsonld.to_rdf(cpsv.export(site), {"format": "application/n-quads", "documentLoader": _offline})
    assert quads.count("\n") > 5000
    assert f"<{cpsv.iri('item', '000131001000')}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CPSV}PublicService>" in quads


def test_export_cpsv_command(tmp_path) -> None:
    from conftest import BASE, run_cli

    out = tmp_path / "catalog.jsonld"
    result = run_cli("export", "cpsv", "--root", str(BASE), "-o", str(out))
    assert result.code == 0, result.err
    doc = json.loads(out.read_text("utf-8"))
    assert "@context" in doc and "食品经营许可" in out.read_text("utf-8")
    missing = run_cli("export", "xlsx", "--root", str(BASE))
    assert missing.code == 2 and "请指定导出内容" in missing.err
