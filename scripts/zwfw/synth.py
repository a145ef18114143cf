"""Synthetic catalogs of any size with the province's shape, for benchmarks.

Regions come from the real division table (province → cities → counties,
定州/辛集 under the province); every region gets a set of departments;
directory items are owned by province departments. Entries have the real
shape: one item in eight is implemented in every region its levels allow (like
食品经营许可), the others in a heavy-tailed few; each item has a provincial
standard that most regions copy (with their own office, phone and hours) and
some deviate from in a field (one more material, a longer promised time limit,
one more visit). Materials and licences fill the libraries. The output validates clean, deterministically for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import yaml

from . import codes, divisions, layout
from .model import LEVEL_LABEL
from .catalog import expected_schema_comment

DEPARTMENT_KINDS = (
    ("scjgj", "市场监督管理局"),
    ("gaj", "公安局"),
    ("mzj", "民政局"),
    ("rsj", "人力资源和社会保障局"),
    ("wjw", "卫生健康委员会"),
    ("jyj", "教育局"),
    ("zjj", "住房和城乡建设局"),
    ("jtj", "交通运输局"),
    ("nyj", "农业农村局"),
    ("xzspj", "行政审批局"),
)
TYPES = ("行政许可", "行政许可", "行政许可", "公共服务", "公共服务", "行政给付", "行政确认", "行政奖励", "行政裁决", "其他行政权力")
LEVEL_SETS = (["省级"], ["市级", "县级"], ["省级", "市级", "县级"], ["县级"], ["市级"])
SECTORS = tuple(codes.department_codes())

class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Quotes digit strings (codes), which YAML 1.2 readers would take as numbers."""


def _str(dumper, value: str):
    style = '"' if value[:1].isdigit() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(path: Path, rel: str, kind: str, data: dict) -> None:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# yaml-language-server: $schema={expected_schema_comment(rel, kind)}\n{body}", "utf-8")


class _Writer:
    def __init__(self, out: Path):
        self.out = out
        self.count = 0

    def write(self, rel: str, kind: str, data: dict) -> None:
        _dump(self.out / rel, rel, kind, data)
        self.count += 1


def _regions(entries: int) -> list[tuple[str, str, str, bool]]:
    """(folder path, code, level, province_administered) — more counties for bigger catalogs."""
    table = divisions.table()
    cities = [d for d in table.values() if d.level == "city"]
    counties = [d for d in table.values() if d.level == "county" and not d.statistical_only]
    wanted = min(len(counties), max(4, entries // 50))  # the whole province from 10,000 entries on
    counties = counties[:wanted]
    out = [(f"{layout.ITEMS_DIR}/130000-hb", "130000", "province", False)]
    folders = {"130000": out[0][0]}
    for c in cities:
        folders[c.code] = f"{folders['130000']}/{c.code}-r{c.code}"
        out.append((folders[c.code], c.code, "city", False))
    for c in counties:
        parent = "130000" if c.province_administered else c.parent
        if parent not in folders:
            continue
        folders[c.code] = f"{folders[parent]}/{c.code}-r{c.code}"
        out.append((folders[c.code], c.code, "county", c.province_administered))
    return out


def generate(out: Path, entries: int, seed: int = 7, progress: Callable[[int, int], None] | None = None,
             items: int | None = None) -> int:
    """Write a synthetic catalog with ``entries`` implementation entries (and by
    default 3 directory items per 100 entries, as in the full province: 3,000
    items for 100,000 entries) under ``out``; returns the file count."""
    rng = random.Random(seed)
    w = _Writer(out)
    table = divisions.table()
    materials = [f"m{i:04d}" for i in range(200)]
    licences = [f"l{i:03d}" for i in range(30)]
    for i, lid in enumerate(licences):
        w.write(f"libraries/licences/{lid}.yaml", layout.LICENCE, {"id": lid, "name": f"示例证照{i}", "issuer": "示例部门"})
    for i, mid in enumerate(materials):
        w.write(f"libraries/materials/{mid}.yaml", layout.MATERIAL, {"id": mid, "name": f"示例材料{i}", "source": "申请人自备"})
    regions = _regions(entries)
    depts: dict[str, list[tuple[str, str, str]]] = {}
    for n, (folder, code, level, administered) in enumerate(regions):
        region = {"code": code, "name": table[code].name, "level": level}
        if level != "province":
            region["parent"] = "130000" if administered else table[code].parent
        if administered:
            region["province_administered"] = True
        region["reviewers"] = {
            "legal": {"name": f"{table[code].name}司法局", "team": f"@hebei-zwfw/r{code}-legal"},
            "service_office": {"name": f"{table[code].name}政务服务管理办公室", "team": f"@hebei-zwfw/r{code}-zwb"},
        }
        region["sample_data"] = True
        w.write(f"{folder}/region.yaml", layout.REGION, region)
        depts[code] = []
        for k, (slug, title) in enumerate(DEPARTMENT_KINDS):
            dept_id = f"r{code}-{slug}"
            credit = codes.make_credit_code(f"11{code}MB{n:04d}{k:03d}")
            w.write(f"{folder}/{dept_id}/department.yaml", layout.DEPARTMENT, {
                "id": dept_id, "name": f"{table[code].name}{title}", "credit_code": credit,
                "region": code, "team": f"@hebei-zwfw/{dept_id}",
            })
            depts[code].append((folder, dept_id, level))
    item_count = items or max(30, entries * 3 // 100)
    while items is None and _capacity(regions, item_count) < entries:  # small catalogs: fewer regions per item
        item_count += 10
    made = _items(w, rng, depts["130000"], item_count, licences)
    _entries(w, rng, regions, depts, made, entries, materials, licences, progress)
    return w.count


def _items(w: _Writer, rng, province_depts, count: int, licences) -> list[dict]:
    taken: set[str] = set()
    items = []
    for i in range(count):
        item_type = TYPES[i % len(TYPES)]
        national = item_type != codes.PUBLIC_SERVICE
        sector = SECTORS[i % len(SECTORS)]
        code = codes.next_basic_code(item_type, sector, taken, prefix=codes.NATIONAL_PREFIX if national else codes.PROVINCE_PREFIX)
        taken.add(code)
        folder, dept_id, _ = province_depts[i % len(province_depts)]
        levels = LEVEL_SETS[i % len(LEVEL_SETS)]
        item = {
            "code": code, "name": f"示例事项{i}", "type": item_type, "hierarchy": "主项",
            "source": "国家基本目录" if national else "公共服务",
            "levels": levels, "implementation_mode": "分别实施",
            "legal_basis": [{"law": "《中华人民共和国行政许可法》", "article": f"第{rng.randint(1, 80)}条"}],
            "audience": ["自然人", "企业法人"], "description": "用于性能测试的合成事项。",
            **({} if national else {"topic": "基本社会服务"}),
        }
        w.write(f"{folder}/{dept_id}/catalog/{code}.yaml", layout.ITEM, item)
        items.append(item)
    return items


#: One item in this many is implemented everywhere it may be (like 食品经营许可 in every region).
COMMON_EVERY = 8
#: The share of entries that deviate from their item's provincial standard in a field or two.
DEVIATING = 0.15


def _capacity(regions, item_count: int) -> int:
    """How many entries ``item_count`` items can have at most (one per region their levels allow)."""
    per_set = [sum(1 for _, _, level, _ in regions if LEVEL_LABEL[level] in levels) for levels in LEVEL_SETS]
    return sum(per_set[i % len(LEVEL_SETS)] for i in range(item_count))


def _reach(regions, items: list[dict], count: int, rng) -> list[int]:
    """How many regions implement each item: common items every region their
    levels allow, the others a heavy-tailed few, scaled so the total is ``count``."""
    eligible = [sum(1 for _, _, level, _ in regions if LEVEL_LABEL[level] in it["levels"]) for it in items]
    common = [i % COMMON_EVERY == 0 and eligible[i] > 1 for i in range(len(items))]
    want = [eligible[i] if common[i] else 0 for i in range(len(items))]
    rest = max(0, count - sum(want))
    weights = [0.0 if common[i] else rng.paretovariate(1.3) for i in range(len(items))]
    total = sum(weights) or 1.0
    for i, wt in enumerate(weights):
        if wt:
            want[i] = min(eligible[i], max(1, round(rest * wt / total)))
    order = sorted(range(len(items)), key=lambda i: -weights[i])
    while sum(want) < count and any(want[i] < eligible[i] for i in order):
        for i in order:
            if want[i] < eligible[i] and sum(want) < count:
                want[i] += min(eligible[i] - want[i], count - sum(want))
    excess = sum(want) - count
    for i in sorted(range(len(items)), key=lambda i: (common[i], weights[i])):  # the rarest first
        take = min(excess, want[i])
        want[i] -= take
        excess -= take
    return want


def _entries(w, rng, regions, depts, items, count, materials, licences, progress) -> None:
    """Each item: a provincial standard; every implementing region's entry is
    that standard with its own office, phone and hours, and some regions
    deviate in a field or two (more materials, a longer time limit, a fee)."""
    reach = _reach(regions, items, count, rng)
    made = 0
    for i, (item, n) in enumerate(zip(items, reach)):
        places = [(code, level) for _, code, level, _ in regions if LEVEL_LABEL[level] in item["levels"]]
        chosen = places if n >= len(places) else sorted(rng.sample(places, n), key=places.index)
        standard = _entry(rng, item, materials, licences)
        for code, _level in chosen:
            folder, dept_id, _ = depts[code][i % len(DEPARTMENT_KINDS)]
            entry = _local(rng, standard, code)
            if rng.random() < DEVIATING:
                _deviate(rng, entry, materials)
            w.write(f"{folder}/{dept_id}/entries/{item['code']}.yaml", layout.ENTRY, entry)
            made += 1
            if progress and (made % 1000 == 0 or made == count):
                progress(made, count)


def _local(rng, standard: dict, code: str) -> dict:
    entry = {**standard, "materials": [dict(m) for m in standard["materials"]]}
    entry["location"] = f"{code} 政务服务中心（示例地址）{rng.randint(1, 300)} 号窗口"
    entry["consultation"] = {"phone": f"0311-8{rng.randint(1000000, 9999999)}"}
    if rng.random() < 0.3:
        entry["hours"] = "工作日 8:30-12:00，14:30-17:30"
    return entry


def _deviate(rng, entry: dict, materials) -> None:
    kind = rng.randrange(3)
    if kind == 0:  # asks for one more material
        have = {m["ref"] for m in entry["materials"]}
        extra = next(m for m in rng.sample(materials, 8) if m not in have)
        entry["materials"].append({"ref": extra, "type": "复印件", "form": "纸质", "necessity": "必要", "copies": 1})
    elif kind == 1:  # promises longer
        legal = entry["legal_time_limit"]["value"]
        promised = min(legal, entry["promised_time_limit"]["value"] + rng.randint(1, 5))
        entry["promised_time_limit"] = {"value": promised, "unit": "工作日"}
        entry["case_type"] = "承诺件"
        entry["steps"] = [entry["steps"][0], {**entry["steps"][1], "time_limit": {"value": promised, "unit": "工作日"}}]
    else:  # one more visit
        entry["visits"] = entry["visits"] + 1
        entry["onsite_reason"] = "需现场核验原件（示例）。"
        entry["online"] = {**entry["online"], "level": "Ⅲ"}


def _entry(rng, item: dict, materials, licences) -> dict:
    legal = rng.choice((20, 30, 60))
    promised = rng.randint(0, legal // 2)
    online_full = rng.random() < 0.4
    entry = {
        "item": item["code"], "name": item["name"], "power_source": "法定本级行使",
        "audience": item["audience"], "case_type": "即办件" if promised == 0 else "承诺件",
        "legal_time_limit": {"value": legal, "unit": "工作日"},
        "promised_time_limit": {"value": promised, "unit": "工作日"},
        "conditions": "符合法定条件的申请人。",
        "materials": [{"ref": m, "type": "原件", "form": "纸质", "necessity": "必要", "copies": 1} for m in rng.sample(materials, 4)],
        "steps": [{"name": "受理", "office": "窗口", "time_limit": {"value": 0, "unit": "工作日"}},
                  {"name": "审查与决定", "office": "业务科室", "time_limit": {"value": promised, "unit": "工作日"}}],
        "channels": ["窗口办理", "网上办理"], "visits": 0 if online_full else 1,
        "online": {"available": True, "depth": ["互联网咨询", "互联网收件", "互联网受理"], "level": "Ⅳ" if online_full else "Ⅲ",
                   "url": "https://www.hbzwfw.gov.cn/"},
        "location": "政务服务中心（示例地址）", "hours": "工作日 9:00-17:00",
        "consultation": {"phone": "0311-80000000"}, "complaint": {"phone": "12345"},
        "service_hall": True, "express": {"materials": False, "results": True},
        "fee": {"charged": False, "online_payment": False},
        "result": {"type": "证照", "name": "示例证照", "sample": "samples/sample.pdf", "licence": rng.choice(licences)},
        "special_procedures": [], "status": "在用", "version": 1,
    }
    if not online_full:
        entry["onsite_reason"] = "需核验原件（示例）。"
    return entry
