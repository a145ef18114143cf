"""Opening a workbook someone sent us, safely.

Before openpyxl sees the file: it must be a zip (an .xlsx is one), not an old
.xls or a password-protected workbook (both are OLE containers), not a zip
bomb (caps on the total uncompressed size, on the number of parts and on the
compression ratio of large parts), and it must have a workbook part. Python's
zipfile never inflates a part past its declared size, so checking the
declared sizes is enough. The sheets are then streamed (:mod:`.stream`) within
the per-part, shared-string, row and column limits below.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from .issues import WorkbookError, issue

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
EXTENSIONS = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Limits:
    max_file: int = 100 * 1024 * 1024  # the .xlsx itself
    max_uncompressed: int = 500 * 1024 * 1024  # all parts, inflated
    max_parts: int = 10_000
    max_ratio: int = 200  # inflated / compressed, for parts over 1 MB
    ratio_from: int = 1024 * 1024
    # Checked by the streaming reader (.stream), before and while the sheets are read:
    max_sheet_bytes: int = 256 * 1024 * 1024  # any one part (a sheet), inflated
    max_shared_bytes: int = 100 * 1024 * 1024  # the shared strings part, inflated
    max_strings: int = 2_000_000  # shared strings
    max_meta_bytes: int = 16 * 1024 * 1024  # workbook.xml, styles.xml, relationships
    max_rows: int = 300_000  # a cell holding data below this row is refused
    max_columns: int = 1024  # ... or right of this column (AMJ)


DEFAULT_LIMITS = Limits()


def _fail(name: str, message: str) -> WorkbookError:
    return WorkbookError(issue(name, "", "", "xlsx-file", message))


def check_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise :class:`WorkbookError` unless ``path`` looks like a safe .xlsx."""
    name = path.name
    if not path.is_file():
        raise _fail(name, "找不到文件：请检查路径。")
    if path.suffix.lower() not in EXTENSIONS:
        raise _fail(name, f"不是 .xlsx 文件（扩展名为 {path.suffix or '空'}）：请在 Excel 中“另存为 → Excel 工作簿 (*.xlsx)”。")
    size = path.stat().st_size
    if size > limits.max_file:
        raise _fail(name, f"文件过大（{size:,} 字节，上限 {limits.max_file:,}）：请按部门或区域拆分后分别导入。")
    with path.open("rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        raw = path.read_bytes()
        if ENCRYPTED_MARK in raw:
            raise _fail(name, "工作簿设置了打开密码（已加密）：请在 Excel 中“文件 → 信息 → 保护工作簿 → 用密码进行加密”清除密码，保存后再导入。")
        raise _fail(name, "这是旧版 Excel 97-2003 (.xls) 文件：请在 Excel 中另存为 .xlsx 后再导入。")
    if not head.startswith(ZIP_MAGIC):
        raise _fail(name, "文件内容不是 xlsx 工作簿（可能是改了扩展名的其他文件）：请用 Excel 打开后另存为 .xlsx。")
    _check_zip(path, limits)


def _check_zip(path: Path, limits: Limits) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _fail(name, "工作簿已损坏（无法按 zip 格式读取）：请用 Excel 打开并修复后另存。") from None
    if len(infos) > limits.max_parts:
        raise _fail(name, f"工作簿内部文件过多（{len(infos)} 个，上限 {limits.max_parts}）：疑似恶意文件，已拒绝。")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed:
        raise _fail(name, f"工作簿解压后过大（{total:,} 字节，上限 {limits.max_uncompressed:,}）：疑似压缩炸弹，已拒绝；确需导入时请拆分。")
    for info in infos:
        if info.file_size > limits.ratio_from and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _fail(name, f"工作簿中的 {info.filename} 压缩比异常（{ratio}:1，上限 {limits.max_ratio}:1）：疑似压缩炸弹，已拒绝。")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise _fail(name, "这个 zip 文件不是 Excel 工作簿（没有 xl/workbook.xml）：请提供 .xlsx 文件。")
    if "xl/workbook.bin" in names:
        raise _fail(name, "这是 Excel 二进制工作簿（.xlsb）：请另存为 .xlsx 后再导入。")


def open_workbook(path: Path, limits: Limits = DEFAULT_LIMITS):
    """Check, then open for streaming (:class:`.stream.Book`; formulas kept as
    formulas, so that they can be refused). Use as a context manager."""
    from .stream import open_book

    check_file(path, limits)
    return open_book(path, limits)
