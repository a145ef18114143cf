"""The JSON Schemas: loading, bundling, the fast check and the detailed one.

Each record kind has one schema file in ``schemas/`` (shipped inside the
package as ``zwfw.schema_files``). Schemas reference each other by relative file
name, which editors resolve; for validation each is bundled into one
self-contained document. The fast path asks a compiled validator
(jsonschema-rs) only "valid or not"; files that fail are checked again with
python-jsonschema, whose errors are turned into Chinese messages that name the
field's title and the fix.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema_rs

from . import layout, yamlio
from .problems import register

register({
    "required": "缺少必填字段",
    "unknown-field": "未知字段",
    "enum": "值不在可选范围内",
    "type": "值的类型不对",
    "empty": "值为空",
    "format": "格式不正确",
    "duplicate-value": "列表中有重复值",
    "range": "超出允许范围",
    "schema": "不符合模式",
})


_TYPE_NAMES = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "boolean": "是/否（true 或 false）",
    "array": "列表（每项以“- ”开头）",
    "object": "一组字段",
    "null": "空",
}

#: Fields an implementation entry must not state: they are inherited (三级四同) or derived.
ENTRY_INHERITED = {"type": "事项类型", "legal_basis": "设定依据", "code": "基本编码"}
ENTRY_DERIVED = {"implementation_code": "实施编码"}


@cache
def schema_dir():
    """The schema files: inside the installed package, or ``schemas/`` of the
    source checkout (an editable install does not map the data package)."""
    try:
        return resources.files("zwfw.schema_files")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "schemas"


def _raw(name: str) -> dict:
    return json.loads(schema_dir().joinpath(name).read_text("utf-8"))


@cache
def schema_names() -> tuple[str, ...]:
    return tuple(sorted(p.name for p in schema_dir().iterdir() if p.name.endswith(".schema.json")))


@cache
def bundled(kind: str) -> dict:
    """The schema of ``kind`` with every cross-file ``$ref`` inlined under ``$defs``."""
    root = layout.schema_file(kind)
    defs: dict[str, object] = {}

    def ref_target(ref: str, current: str) -> str:
        file, _, frag = ref.partition("#")
        file = file or current
        if file == root:
            return "#" + frag
        name = frag.rsplit("/", 1)[-1]
        key = f"{file.split('.')[0]}--{name}"
        if key not in defs:
            defs[key] = {}
            defs[key] = rewrite(_raw(file)["$defs"][name], file)
        return f"#/$defs/{key}"

    def rewrite(node, current: str):
        if isinstance(node, dict):
            return {k: ref_target(v, current) if k == "$ref" else rewrite(v, current) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v, current) for v in node]
        return node

    schema = rewrite(_raw(root), root)
    schema.setdefault("$defs", {}).update(defs)
    return schema


@cache
def fast_validator(kind: str):
    return jsonschema_rs.validator_for(bundled(kind))


@cache
def _detailed_validator(kind: str):
    import jsonschema  # only files that fail the fast check need it

    return jsonschema.Draft202012Validator(bundled(kind))


def is_valid(kind: str, data) -> bool:
    return fast_validator(kind).is_valid(data)


def node_at(kind: str, path: tuple) -> dict:
    """The (dereferenced) schema node that describes the value at ``path``,
    keeping the title/description written beside a ``$ref``."""
    schema = bundled(kind)
    node = schema
    for step in path:
        node = _deref(schema, node)
        if isinstance(step, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(step, {})
    described = {k: node[k] for k in ("title", "description") if k in node}
    return {**_deref(schema, node), **described}


def _deref(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        target = schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def title_at(kind: str, path: tuple) -> str:
    title = node_at(kind, path).get("title")
    key = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    return f"{title}（{key}）" if title and key else (title or key or "记录")


def problems(kind: str, data, text: str | None = None) -> list[tuple[str, tuple, str]]:
    """Every schema problem of ``data`` as ``(rule, path, message)``; ``text``
    (the file's source) lets messages quote values as they were written."""
    out = []
    for err in _detailed_validator(kind).iter_errors(data):
        out.extend(_explain(kind, err, text))
    return sorted(set(out), key=lambda p: (len(p[1]), [str(x) for x in p[1]], p[0], p[2]))


def _explain(kind: str, err, text: str | None = None) -> list[tuple[str, tuple, str]]:
    path = tuple(err.absolute_path)
    validator = err.validator
    if validator == "additionalProperties":
        return [_unknown_field(kind, path, key) for key in _extra_keys(kind, path, err.instance)]
    if validator == "required":
        missing = [f for f in err.validator_value if isinstance(err.instance, dict) and f not in err.instance]
        return [_missing_field(kind, path + (field,)) for field in missing]
    title = title_at(kind, path)
    if validator == "enum":
        options = "、".join(str(o) for o in err.validator_value)
        close = difflib.get_close_matches(str(err.instance), [str(o) for o in err.validator_value], n=1, cutoff=0.3)
        maybe = f"是否想写“{close[0]}”？" if close else ""
        return [("enum", path, f"{title}的值“{err.instance}”不在可选范围内：可选 {options}。{maybe}")]
    if validator == "type":
        written = yamlio.scalar_text(text, path) if text is not None else None
        return [("type", path, _type_message(title, err, written))]
    if validator in ("minLength", "minItems") and not err.instance:
        return [("empty", path, f"{title}不能为空：请填写内容，或删除这个字段。")]
    if validator == "pattern":
        return [("format", path, f"{title}的格式不正确：“{err.instance}”。{_hint(kind, path)}")]
    if validator == "uniqueItems":
        return [("duplicate-value", path, f"{title}中有重复的值：请删除重复项。")]
    if validator in ("maxLength", "maxItems", "minimum", "maximum"):
        return [("range", path, f"{title}超出允许范围（{validator} {err.validator_value}）：当前值为 {_short(err.instance)}。")]
    return [("schema", path, f"{title}不符合要求：{err.message}")]


def _missing_field(kind: str, here: tuple) -> tuple[str, tuple, str]:
    field = here[-1]
    return ("required", here, f"缺少必填字段 {title_at(kind, here)}：请添加 {field}: …（{_hint(kind, here)}）")


def _extra_keys(kind: str, path: tuple, instance) -> list[str]:
    allowed = node_at(kind, path).get("properties", {})
    return [k for k in instance if k not in allowed] if isinstance(instance, dict) else []


def _unknown_field(kind: str, path: tuple, key) -> tuple[str, tuple, str]:
    here = path + (key,)
    inherited_titles = {t: k for k, t in ENTRY_INHERITED.items()}
    if kind == layout.ENTRY and not path and (key in ENTRY_INHERITED or key in inherited_titles):
        key = inherited_titles.get(key, key)
        title = ENTRY_INHERITED[key]
        return ("same-four", here, f"{title}（{key}）继承自目录清单，实施清单中不得另行填写（三级四同）：请删除这一行。")
    if kind == layout.ENTRY and not path and (key in ENTRY_DERIVED or key in ENTRY_DERIVED.values()):
        return ("derived-code", here, "实施编码由实施机关的统一社会信用代码和基本编码自动生成，不得手工填写：请删除这一行。")
    props = node_at(kind, path).get("properties", {})
    suggestion = _did_you_mean(str(key), props)
    where = node_at(kind, path).get("title", layout.KIND_TITLES.get(kind, ""))
    return ("unknown-field", here, f"未知字段“{key}”（{where}中没有这个字段）。{suggestion}")


def _did_you_mean(key: str, props: dict) -> str:
    by_title = {str(v.get("title", "")): k for k, v in props.items()}
    if key in by_title:
        return f"请把中文字段名“{key}”改为 {by_title[key]}。"
    close = difflib.get_close_matches(key, list(props), n=1, cutoff=0.6)
    if not close:
        close = [by_title[t] for t in difflib.get_close_matches(key, list(by_title), n=1, cutoff=0.5)]
    if close:
        return f"是否想写 {close[0]}（{props[close[0]].get('title', '')}）？"
    return "可用字段：" + "、".join(props) + "。"


def _hint(kind: str, path: tuple) -> str:
    node = node_at(kind, path)
    text = node.get("description", "")
    examples = node.get("examples")
    if examples and str(examples[0]) not in text:  # a description that gives the example already is not repeated
        text += f" 例如 {examples[0]}。" if not text.endswith("。") else f"例如 {examples[0]}。"
    return text


def _type_message(title: str, err, written: str | None) -> str:
    expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
    want = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
    got = err.instance
    if got is None:
        shown = "空"
    elif written and not isinstance(got, str):
        shown = written
    else:
        shown = _short(got)
    msg = f"{title}应为{want}，实际为 {shown}。"
    if "string" in expected and isinstance(got, (int, float)) and not isinstance(got, bool):
        msg += f"请加上引号，写作 \"{written or got}\"（不加引号时 YAML 会把它读成数字，开头的 0 会丢失或被当作八进制）。"
    elif "string" in expected and isinstance(got, bool):
        msg += "YAML 会把 yes/no/on/off 读成是/否：请加上引号。"
    elif got is None:
        msg += "冒号后没有内容：请填写，或删除这一行。"
    return msg


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 60 else text[:57] + "…"
