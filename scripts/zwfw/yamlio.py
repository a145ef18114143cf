"""Reading data files safely and fast, and finding lines and columns later.

Fast path: bytes → text checks (size, BOM, UTF-8, stray HTML) → libyaml's C
parser with a loader that refuses duplicate keys, anchors/aliases and merge
keys, and keeps dates as text. Slow path (only for files with problems):
:func:`locate` composes the node tree to turn a document path into a line and
column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .problems import register

register({
    "file-size": "文件过大",
    "encoding": "文件编码不是无 BOM 的 UTF-8",
    "yaml-syntax": "YAML 格式错误",
    "yaml-tab": "用了制表符缩进",
    "yaml-alias": "使用了锚点、别名或合并键",
    "duplicate-key": "字段重复",
    "full-width": "YAML 符号用了全角字符（冒号、空格或引号）",
})

MAX_BYTES = 1_000_000
BOM = b"\xef\xbb\xbf"
SCHEMA_COMMENT_RE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")
#: A field name (ASCII, as every schema key is) at the start of a line, after the indentation and an optional "- ".
_KEY = r"^(?P<indent>[ \u3000]*(?:-[ \u3000]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_FULL_COLON_RE = re.compile(_KEY + r"[ \u3000]*(?P<mark>：)")
_FULL_SPACE_AFTER_RE = re.compile(_KEY + r":(?P<mark>\u3000)")
_CN_QUOTED_RE = re.compile(_KEY + r":[ \u3000]+(?P<mark>[“‘])[^\n]*[”’][ \u3000]*$")
_CN_QUOTED_KEY_RE = re.compile(r"^[ ]*(?:-[ ]+)?(?P<mark>[“‘])[A-Za-z_][A-Za-z0-9_]*[”’][ \u3000]*[:：]")
_BLOCK_START_RE = re.compile(r":[ ]+[|>][0-9+-]*[ ]*(?:#.*)?$")
_CLOSING = {"“": "”", "‘": "’"}
_FULL_WIDTH_CHARS = ("：", "\u3000", "“", "‘")

_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

_LoaderBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ReadError(ValueError):
    """A file that cannot be read as a record; ``line``/``col`` are 1-based."""

    def __init__(self, rule: str, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.rule, self.message, self.line, self.col = rule, message, line, col


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_RESOLVED: dict[str, str] = {}
#: (tag, text) → value of the scalars that are not text (numbers, booleans, null: immutable,
#: and the same few in every file), so each is constructed once.
_SCALARS: dict[tuple[str, str], object] = {}
_SCALAR_NODE = yaml.ScalarNode


class _FastLoader(_LoaderBase):
    """libyaml's loader that refuses duplicate keys and keeps dates as text.
    Plain scalars' tags are memoised (keys and enumeration values repeat in
    every file), which saves most of the resolver's regular expressions."""

    def resolve(self, kind, value, implicit):
        if kind is _SCALAR_NODE:
            if not implicit[0]:  # quoted (or tagged "!"): text
                return _STR_TAG
            tag = _RESOLVED.get(value)
            if tag is not None:
                return tag
            if value[:1] not in _RESOLVER_FIRSTS:  # no implicit resolver starts with its first character
                return _STR_TAG
            if len(value) <= 24:
                if len(_RESOLVED) > 100_000:
                    _RESOLVED.clear()
                tag = _RESOLVED[value] = super().resolve(kind, value, implicit)
                return tag
        return super().resolve(kind, value, implicit)

    # libyaml's composer calls these two around every node, for path resolvers,
    # of which there are none (asserted below): C built-ins that take the same
    # arguments and do nothing cost less than the Python methods that return at once.
    descend_resolver = staticmethod(slice)  # (parent, index)
    ascend_resolver = staticmethod(tuple)  # ()

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep)
        if len(mapping) != len(node.value):
            _raise_duplicate(node)
        return mapping


def _raise_duplicate(node) -> None:
    seen: dict = {}
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
        if key in seen:
            m = key_node.start_mark
            raise ReadError(
                "duplicate-key",
                f"字段“{key}”重复出现（第一次在第 {seen[key]} 行）：请删除或合并其中一处。",
                m.line + 1,
                m.column + 1,
            )
        seen[key] = key_node.start_mark.line + 1


class _StrictLoader(_FastLoader):
    """Also refuses anchors/aliases (alias bombs) and merge keys."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            m = node.start_mark
            raise ReadError("yaml-alias", "不允许使用锚点和别名（& 和 *）：请把内容直接写出来。", m.line + 1, m.column + 1)
        return super().construct_object(node, deep)

    def flatten_mapping(self, node):
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                m = key_node.start_mark
                raise ReadError("yaml-alias", "不允许使用合并键（<<）：请把字段直接写出来。", m.line + 1, m.column + 1)


assert not _FastLoader.yaml_path_resolvers, "resolve() returns the text tag for every quoted scalar"
_FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
assert None not in _FastLoader.yaml_implicit_resolvers, "every implicit resolver is looked up by the first character"
#: The first characters (the empty text's is "") of every plain scalar that may be something other than text.
_RESOLVER_FIRSTS = frozenset(first for first, resolvers in _FastLoader.yaml_implicit_resolvers.items() if resolvers)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def too_large(size: int) -> ReadError:
    return ReadError(
        "file-size",
        f"文件过大（{size:,} 字节，上限 {MAX_BYTES:,}）：一个文件只放一条记录，请检查是否误存了其他内容。",
    )


def read(path) -> str:
    """Read and :func:`decode` one file, refusing a huge one before reading it."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise too_large(size)
    return decode(path.read_bytes())


def decode(raw: bytes) -> str:
    """Bytes → text, or :class:`ReadError` for a file that is too large, has a
    BOM or is not UTF-8."""
    if len(raw) > MAX_BYTES:
        raise too_large(len(raw))
    if raw.startswith(BOM):
        raise ReadError("encoding", "文件以 BOM（字节顺序标记）开头：请在编辑器中另存为“UTF-8（无 BOM）”。")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8")
        line, col = _line_col(prefix, len(prefix))
        hint = "，看起来是 GBK/GB18030 编码" if _looks_gbk(raw) else ""
        raise ReadError("encoding", f"文件不是 UTF-8 编码{hint}：请在编辑器中另存为“UTF-8（无 BOM）”。", line, col) from None
    if "\x00" in text:
        raise ReadError("encoding", "文件中含有空字符（NUL），不是文本文件。")
    return text


def full_width_findings(text: str) -> list[ReadError]:
    """Full-width characters where YAML syntax needs half-width ones (a Chinese
    input method's colon, space and quotes): each named on its own line. Lines
    inside block scalars (``|``, ``>``) are text and are skipped."""
    if not any(c in text for c in _FULL_WIDTH_CHARS):
        return []
    found = []
    block_indent = None
    for n, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            continue
        block_indent = indent if _BLOCK_START_RE.search(line) else None
        finding = _full_width_in(line, n)
        if finding is not None:
            found.append(finding)
    return found


def _full_width_in(line: str, n: int) -> ReadError | None:
    m = _FULL_COLON_RE.match(line)
    if m:
        msg = f"第 {n} 行用了全角冒号“：”，请改为半角冒号“:”加空格。"
    elif line.lstrip(" ").startswith("\u3000"):
        m = re.match(r"^ *(?P<mark>\u3000)", line)
        msg = f"第 {n} 行用了全角空格“\u3000”缩进，请改为半角空格。"
    elif (m := _FULL_SPACE_AFTER_RE.match(line)) is not None:
        msg = f"第 {n} 行冒号后用了全角空格“\u3000”，请改为半角空格。"
    elif (m := _CN_QUOTED_KEY_RE.match(line)) is not None:
        msg = f"第 {n} 行的字段名用了中文引号 {m.group('mark')}…{_CLOSING[m.group('mark')]}，请去掉引号。"
    elif (m := _CN_QUOTED_RE.match(line)) is not None:
        msg = (f"第 {n} 行用了中文引号 {m.group('mark')}…{_CLOSING[m.group('mark')]} 把值括起来：YAML 只认半角引号，"
               "请改为半角双引号 \"…\"，或去掉引号。")
    else:
        return None
    return ReadError("full-width", msg, n, m.start("mark") + 1)


def _looks_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n")
    if 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


def _build(node, loader):
    """Node tree → Python values, for documents without anchors or aliases.
    A tight walk that does what SafeConstructor does for str/map/seq and hands
    every other scalar (int, bool, null, float…) to it."""
    tag = node.tag
    if tag == _STR_TAG:
        return node.value
    if tag == _MAP_TAG:
        out = {}
        for key_node, value_node in node.value:
            key = _build(key_node, loader)
            try:
                duplicate = key in out
            except TypeError:
                m = key_node.start_mark
                raise ReadError("yaml-syntax", "字段名必须是文本，不能是列表或映射。", m.line + 1, m.column + 1) from None
            if duplicate:
                _raise_duplicate(node)
            out[key] = _build(value_node, loader)
        return out
    if tag == _SEQ_TAG:
        return [_build(child, loader) for child in node.value]
    if isinstance(node, yaml.ScalarNode):
        key = (tag, node.value)
        value = _SCALARS.get(key, _SCALARS)
        if value is _SCALARS:
            value = loader.construct_object(node, deep=True)
            if len(_SCALARS) > 100_000:
                _SCALARS.clear()
            _SCALARS[key] = value
        return value
    m = node.start_mark
    raise ReadError("yaml-syntax", f"不支持的 YAML 标签 {tag}：请删除它。", m.line + 1, m.column + 1)


def _fast_load(text: str):
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(node, loader)
    finally:
        loader.dispose()


def load(text: str):
    """Parse one YAML document with libyaml; :class:`ReadError` on failure."""
    try:
        if "&" in text or "*" in text or "<<" in text:
            return yaml.load(text, Loader=_StrictLoader)
        return _fast_load(text)
    except ReadError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise ReadError("yaml-syntax", f"YAML 格式错误：{exc}") from None
    except RecursionError:
        raise ReadError("yaml-syntax", "嵌套层次过深：请检查括号和缩进。") from None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> ReadError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or ""
    if "\\t" in problem or _char_at(text, line, col) == "\t":
        return ReadError("yaml-tab", "用了制表符（Tab）缩进：YAML 只能用空格缩进，请把 Tab 换成空格。", line, col)
    if "expected <block end>" in problem or "mapping values are not allowed" in problem:
        hint = "缩进不一致，或冒号后缺少空格"
    elif "could not find expected ':'" in problem:
        hint = "字段名后缺少冒号"
    elif "found unexpected end of stream" in problem or "found unknown escape" in problem:
        hint = "引号没有成对"
    else:
        hint = problem or "无法解析"
    return ReadError("yaml-syntax", f"YAML 格式错误：{hint}（{problem}）。请检查这一行及上一行。", line, col)


def schema_comment(text: str) -> str | None:
    """The ``$schema=`` target of the editor comment on the first line, if any."""
    first = text.split("\n", 1)[0]
    m = SCHEMA_COMMENT_RE.match(first)
    return m.group(1) if m else None


@dataclass
class _Found:
    line: int
    col: int


def locate(text: str, path: tuple) -> tuple[int, int]:
    """Line and column (1-based) of ``path`` in the document; the deepest
    existing ancestor when the path does not exist (e.g. a missing field)."""
    try:
        node = yaml.compose(text, Loader=_LoaderBase)
    except yaml.YAMLError:
        return 1, 1
    if node is None:
        return 1, 1
    found = _Found(node.start_mark.line + 1, node.start_mark.column + 1)
    for step in path:
        child = _child(node, step)
        if child is None:
            break
        key_node, node = child
        mark = (key_node or node).start_mark
        found = _Found(mark.line + 1, mark.column + 1)
    return found.line, found.col


def scalar_text(text: str, path: tuple) -> str | None:
    """The value at ``path`` exactly as written (e.g. ``010001`` before YAML
    turned it into a number), or None."""
    try:
        node = yaml.compose(text, Loader=_LoaderBase)
    except yaml.YAMLError:
        return None
    for step in path:
        child = _child(node, step) if node is not None else None
        if child is None:
            return None
        node = child[1]
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _child(node, step):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None
