"""Rule [html] on parsed values, the renderer's own URL check, and library file
names that are not valid ids."""

from __future__ import annotations

import random
import re
import shutil

import pytest

from conftest import run_cli
from zwfw.rules import text
from zwfw.rules.text import finding
from zwfw.site import html as h

ENTRY = "items/130000-hebei/130100-shijiazhuang/130123-zhengding/zd-scjgj/entries/000131001000.yaml"


@pytest.mark.parametrize("value, what", [
    ("<script>alert(1)</script>", "HTML 标签"),
    ("a\x3cimg src=x onerror=alert(1)\x3e", "HTML 标签"),
    ("河北省市场监督管理局&lt;img src=x onerror=alert(1)&gt;", "字符实体"),
    ("&#60;b&#62;", "字符实体"),
    ("{{ 7*7 }}", "模板标记"),
    ("{% include x %}", "模板标记"),
    ("文字 {: onclick=alert(1) }", "属性列表"),
    ("{.danger}", "属性列表"),
    ("--8<-- \"secret.txt\"", "片段引用"),
    ("＜script＞", "全角尖括号"),
    ("javascript:alert(1)", "脚本链接"),
    ("JaVaScRiPt :alert(1)", "脚本链接"),
    ("ｊａｖａｓｃｒｉｐｔ：alert(1)", "脚本链接"),
    ("java\tscript:alert(1)", "脚本链接"),
    ("data:text/html,x", "脚本链接"),
    ("食品经营许可\u202e可许营经", "文字方向控制字符"),
    ("名称\u2066x\u2069", "文字方向控制字符"),
    ("a\x07b", "控制字符"),
    ("a\x85b", "控制字符"),
    ("a\u200bb", "不可见字符"),
])
def test_refused(value: str, what: str) -> None:
    message = finding(value)
    assert message and what in message, message


@pytest.mark.parametrize("value", ["工作日 9:00-12:00", "A&B 公司", "面积 < 100 平方米", "《条例》第八条", "第一行\n第二行\t缩进",
                                   "https://zwfw.hebei.gov.cn/a?b=1&c=2", "〈示例〉", "8<10"])
def test_allowed(value: str) -> None:
    assert finding(value) is None


def test_yaml_escapes_are_judged_by_what_they_decode_to(base) -> None:
    path = base / ENTRY
    text = path.read_text("utf-8")
    line = next(l for l in text.splitlines() if l.startswith("hours:"))
    path.write_text(text.replace(line, 'hours: "java\\x73cript:alert(1) \\u003cb\\u003e"'), "utf-8")
    result = run_cli("validate", "--quiet", "--root", str(base))
    assert result.code == 1
    line = next(l for l in result.out.splitlines() if "[html]" in l)
    assert line.startswith(ENTRY) and "办理时间（hours）中不能含有" in line, result.out


def test_comments_are_not_values(base) -> None:
    path = base / ENTRY
    path.write_text(path.read_text("utf-8") + "# <script>这是注释</script>\n", "utf-8")
    assert run_cli("validate", "--quiet", "--root", str(base)).code == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\tscript:x", " javascript:x",
                                 "data:text/html,<b>", "vbscript:x", "//evil.example", "http:/x", "https://a b"])
def test_renderer_links_only_http(url: str) -> None:
    assert h.safe_url(url) is None
    assert "<a" not in h.url_link(url)
    assert "href" not in h.link(url, "x")


def test_renderer_keeps_good_links() -> None:
    assert h.url_link("https://zwfw.hebei.gov.cn/x?a=1&b=2") == (
        '<a href="https://zwfw.hebei.gov.cn/x?a=1&amp;b=2" rel="noopener noreferrer">https://zwfw.hebei.gov.cn/x?a=1&amp;b=2</a>')
    assert 'href="tel:0311-12345"' in h.phone_link("0311-12345")
    assert 'href="mailto:a@b.cn"' in h.email_link("a@b.cn")
    assert "href" not in h.email_link("javascript:a@b.cn") and "href" not in h.phone_link("12345;alert(1)")
    assert "查看样本" in h.sample("https://example.org/s.pdf") and "未在本站发布" in h.sample("samples/x.pdf")


def test_licence_file_name_that_is_no_id(base, tmp_path) -> None:
    src = base / "libraries" / "licences" / "business-licence.yaml"
    shutil.copy(src, src.with_name("Business Licence.yaml"))
    result = run_cli("validate", "--quiet", "--root", str(base))
    line = next(l for l in result.out.splitlines() if "[id-mismatch]" in l)
    suggested = re.search(r"改为 ([^，。\s]+)", line).group(1)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", suggested), line
    built = run_cli("site", "build", "--root", str(base), "-o", str(tmp_path / "site"), "--skip-validation")
    assert built.code == 0, built.out + built.err



_HOSTILE = ["<script>", "&lt;b&gt;", "{{ x }}", "{: a }", "--8<--", "＜b＞", "javascript:x", "JaVa Script :x",
            "ｊａｖａ\u3000ｓｃｒｉｐｔ：x", "java\tscript:x", "data:text/html,x", "vb\u200bscript:x", "java\u00adscript:x",
            "java\u2003script\ufe13x", "ｄａｔａ：ｔｅｘｔ／ｈｔｍｌ", "a\u202eb", "a\x07b", "a\x85b", "a\u2028b", "a\ufeffb",
            "vbſcript:x", "ｊａｖａｓｃｒｉｐｔ\ufe55x", "livescript:x", "java\nscript:x", "a\x00b", "java\x00script:x"]


def _records(value: str):
    """``value`` as a value, a key, in a list, beside other strings with colons or line breaks."""
    yield {"name": value}
    yield {value: 1}
    yield {"a": "9:00", "b": {"c": [1, "https://x", value], "d": "第一行\n第二行"}}
    yield {"a": [{"b": True, "c": None}, {value: "x:y"}], "e": "：", "f": ""}
    yield {"a": "javascript", "b": ":x", "c": value}  # a link split over two strings is no finding
    yield {"a": value + "\0" + "x"}


@pytest.mark.parametrize("value", _HOSTILE)
def test_quick_look_never_passes_a_record_the_rule_refuses(value: str) -> None:
    """The quick look at all of a record's strings at once passes no record the walk would report."""
    assert finding(value)
    for data in _records(value):
        assert list(text._walk(data, ())) and not text._plain_record(data), data


def test_quick_look_on_random_records() -> None:
    rng = random.Random(9)
    alphabet = "ab jsvcriptdaJS:：﹕︓&<{}%8\n\t\x00\x07\u200b\u202eｊｓ政务"
    for _ in range(3000):
        data = {"".join(rng.choices(alphabet, k=rng.randint(0, 6))): [
            "".join(rng.choices(alphabet, k=rng.randint(0, 14))) for _ in range(rng.randint(0, 3))]
            for _ in range(rng.randint(0, 3))}
        if list(text._walk(data, ())):
            assert not text._plain_record(data), data


def test_quick_look_passes_ordinary_records() -> None:
    assert text._plain_record({"name": "食品经营许可（正定）", "hours": "工作日 9:00-12:00", "n": 8,
                               "online": {"url": "https://zwfw.hebei.gov.cn/a?b=1", "depth": ["互联网咨询"]}})
