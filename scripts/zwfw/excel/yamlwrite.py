"""Writing imported records as YAML: new files in the repository's style,
existing files updated in place (ruamel.yaml round trip: comments, key order
and quoting of untouched values are kept).

The catalog is read by PyYAML (YAML 1.1) and ruamel.yaml writes YAML 1.2, so
every string that PyYAML would read as something else (a number, a date,
yes/no…) is written in double quotes: what is written reads back as written.
"""

from __future__ import annotations

import io

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString

from .. import schemas
from ..catalog import expected_schema_comment

_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


def pyyaml_reads_as_text(value: str) -> bool:
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR


class _Representer(RoundTripRepresenter):
    def represent_str(self, data):
        style = None
        if "\n" in data:
            return self.represent_scalar(_STR, data, style="|")
        if not pyyaml_reads_as_text(data) or data != data.strip():
            style = '"'
        return self.represent_scalar(_STR, data, style=style)


_Representer.add_representer(str, _Representer.represent_str)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Representer = _Representer
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.allow_unicode = True
    return y


def _dump(doc) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def _order(kind: str, path: tuple) -> list[str]:
    return list(schemas.node_at(kind, path).get("properties", {}))


def _plain(value) -> object:
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def ordered(kind: str, value, path: tuple = ()):
    """Plain data → ruamel nodes, mapping keys in schema order."""
    if isinstance(value, dict):
        order = _order(kind, path)
        keys = sorted(value, key=lambda k: (order.index(k) if k in order else len(order), str(k)))
        return CommentedMap((k, ordered(kind, value[k], path + (k,))) for k in keys)
    if isinstance(value, list):
        return CommentedSeq(ordered(kind, v, path + (0,)) for v in value)
    return _plain(value)


def render_new(rel: str, kind: str, data: dict) -> str:
    return f"# yaml-language-server: $schema={expected_schema_comment(rel, kind)}\n" + _dump(ordered(kind, data))


def render_update(text: str, kind: str, data: dict) -> str:
    """``text`` (an existing file) changed to hold ``data``."""
    doc = _yaml().load(text)
    if not isinstance(doc, CommentedMap):
        return text.split("\n", 1)[0] + "\n" + _dump(ordered(kind, data)) if text.startswith("#") else _dump(ordered(kind, data))
    _merge_map(kind, doc, data, ())
    return _dump(doc)


def _same(old, new) -> bool:
    return type(old) in (bool, int, float) and old == new and type(old) is type(new) or (isinstance(old, str) and isinstance(new, str) and str(old) == new)


def _merge_map(kind: str, doc: CommentedMap, data: dict, path: tuple) -> None:
    for key in [k for k in doc if k not in data]:
        del doc[key]
    order = _order(kind, path)
    for key, value in data.items():
        if key in doc:
            doc[key] = _merged(kind, doc[key], value, path + (key,))
            continue
        rank = order.index(key) if key in order else len(order)
        pos = sum(1 for k in doc if (order.index(k) if k in order else len(order)) <= rank)
        doc.insert(pos, key, ordered(kind, value, path + (key,)))


def _merged(kind: str, old, new, path: tuple):
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(kind, old, new, path)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        if len(old) == len(new):
            for i, value in enumerate(new):
                old[i] = _merged(kind, old[i], value, path + (0,))
            return old
        return ordered(kind, new, path)
    if _same(old, new):
        return old
    return ordered(kind, new, path)
