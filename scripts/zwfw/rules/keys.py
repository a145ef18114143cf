"""What the catalog (cross-record) checks read of each record, and who depends on whom.

A record's *key fields* are the few values other records' checks look at, or
that the catalog checks read of the record itself: the incremental validator
keeps only these (in its cache) for records it does not re-read. A rule that
reads another field across records adds it to :data:`KEY_FIELDS`.

*Tokens* name what a record offers to others (:func:`provides`: its basic code,
its region, its department folder…) and what a record's catalog checks read
(:func:`uses`). When a record changes, every record that uses a token it
provided (before or after the change) is checked again.
"""

from __future__ import annotations

from .. import layout
from ..catalog import Record
from . import national
from .context import Context, items_of, mapping, text

#: Marks a value of which only its presence is read (kept as true; a missing or
#: null value is left out).
PRESENT = "present"

#: Top-level fields the catalog checks read, per kind; for a list of mappings
#: or a mapping, the keys kept inside it. ``True`` marks a value whose truth is
#: all that is read (kept as true/false); :data:`PRESENT` one whose presence is.
KEY_FIELDS: dict[str, dict[str, object]] = {
    layout.REGION: {"code": None, "name": None, "level": None, "province_administered": None},
    layout.DEPARTMENT: {"credit_code": None, "region": None, "level": None, "sector_code": None},
    layout.ITEM: {"code": None, "name": None, "type": None, "levels": None, "source": None, "status": None,
                  "hierarchy": None, "main_item": None, "sub_item": None, "former_codes": None,
                  "legal_basis": {"law": None}},
    layout.ENTRY: {"item": None, "name": None, "status": None, "result": {"licence": None},
                   "materials": {"ref": None, "name": None, "necessity": None, "source": None,
                                 "shared": None, "substitute": True},
                   "town": True, "village": True},
    layout.MATERIAL: {"name": None, "source": None, "licence": None, "substitute": True},
    layout.LICENCE: {"name": None, "electronic": None},
}



def _require(spec: dict, paths: tuple, non_empty: tuple) -> None:
    """Add the national exchange's mandatory elements (whether they are given) to ``spec``."""
    for path in paths:
        node = spec
        for step in path[:-1]:
            node = node.setdefault(step, {})
        node.setdefault(path[-1], True if path in non_empty else PRESENT)


_require(KEY_FIELDS[layout.ENTRY], national.REQUIRED_FOR_POWER, national.NON_EMPTY)

#: Provided by every licence: used by a material that looks for a licence by name.
ANY_LICENCE = "licences:*"


def key_fields(record: Record) -> dict:
    """The record's data cut down to its key fields."""
    return _cut(record.data, KEY_FIELDS.get(record.kind, {}))


def _cut(data, spec):
    if spec is True:
        return bool(data)
    if spec == PRESENT:
        return True
    if spec is None or not isinstance(spec, dict):
        return data
    if isinstance(data, list):
        return [_cut(item, spec) for item in data]
    if not isinstance(data, dict):
        return data
    return {k: _cut(v, spec[k]) for k, v in data.items() if k in spec and not (spec[k] == PRESENT and v is None)}


def _chain_codes(r: Record) -> tuple[str, ...]:
    return r.where.region_codes


def provides(r: Record | None, file: str) -> set[str]:
    """Tokens that ``r`` (the record in ``file``, None when it could not be read) offers to other records."""
    if r is None:
        where = _classify(file)
        if where is not None and where.kind == layout.ITEM:
            return {f"item:{where.stem}"}  # an unreadable item explains its entries' problems
        return set()
    out: set[str] = set()
    if r.kind == layout.REGION:
        out.add(f"region:{r.where.region_code}")
        code = text(r.data.get("code"))
        if code:
            out.add(f"region:{code}")
    elif r.kind == layout.DEPARTMENT:
        out.add(_dept(r))
        credit = text(r.data.get("credit_code"))
        if credit:
            out.add(f"credit:{credit}")
    elif r.kind == layout.ITEM:
        out.add(f"item:{r.where.stem}")
        code = text(r.data.get("code"))
        if code:
            out.add(f"item:{code}")
        out |= {f"former:{old}" for old in items_of(r.data.get("former_codes")) if isinstance(old, str)}
    elif r.kind == layout.MATERIAL:
        out.add(f"material:{r.where.stem}")
    elif r.kind == layout.LICENCE:
        out |= {f"licence:{r.where.stem}", ANY_LICENCE}
    return out


def uses(ctx: Context, r: Record) -> set[str]:
    """Tokens whose records the catalog checks of ``r`` read."""
    out = {f"region:{c}" for c in _chain_codes(r)}
    if r.kind in (layout.ITEM, layout.ENTRY):
        out.add(_dept(r))
    out |= provides(r, r.file) - {ANY_LICENCE}  # others with the same codes (duplicates)
    if r.kind == layout.ITEM:
        code = text(r.data.get("code"))
        if code:
            out.add(f"former:{code}")  # an item whose former code this is
        for key in ("main_item", "sub_item"):
            ref = text(r.data.get(key))
            if ref:
                out.add(f"item:{ref}")
    elif r.kind == layout.ENTRY:
        out |= _entry_uses(ctx, r)
    elif r.kind == layout.MATERIAL:
        licence = text(r.data.get("licence"))
        out.add(f"licence:{licence}" if licence else ANY_LICENCE)
    return out


def _entry_uses(ctx: Context, r: Record) -> set[str]:
    code = text(r.data.get("item")) or ""
    out = {f"item:{code}"}
    item = ctx.items.get(code)
    if item is not None and item.region:
        out.add(f"region:{item.region}")
    for material in items_of(r.data.get("materials")):
        ref = text(mapping(material).get("ref"))
        if ref:
            out.add(f"material:{ref}")
            library = ctx.materials.get(ref)
            licence = text(mapping(getattr(library, "data", None)).get("licence"))
            if licence:
                out.add(f"licence:{licence}")
    licence = text(mapping(r.data.get("result")).get("licence"))
    if licence:
        out.add(f"licence:{licence}")
    return out


def _dept(r: Record) -> str:
    return "dept:" + "/".join(r.where.regions) + "|" + (r.department or "")


def _classify(file: str):
    try:
        return layout.classify(file)
    except layout.LayoutError:
        return None
