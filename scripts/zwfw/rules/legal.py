"""清单之外无权力: every power item cites at least one legal basis; so does
every public service (the plan: "凡是没有合法依据的，一律不纳入")."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes, layout
from ..catalog import Record
from ..problems import Problem, error, register
from .context import Context, each

register({
    "legal-basis": "行政权力或公共服务事项缺少设定依据",
})



def check_record(ctx: Context) -> Iterator[Problem]:
    yield from each(ctx, ctx.of(layout.ITEM), _basis)


def _basis(r: Record) -> Iterator[Problem]:
    item_type = r.data.get("type")
    if item_type is None:
        return
    basis = r.data.get("legal_basis")
    if not basis:
        path = ("legal_basis",)  # for a missing list too: the path names the field
        why = "凡是没有合法依据的，一律不纳入" if item_type == codes.PUBLIC_SERVICE else "清单之外无权力"
        yield error(
            r.file,
            "legal-basis",
            f"{item_type}事项必须有设定依据（{why}）：请在 legal_basis 中写明法律法规名称（law）和条款（article）。",
            path,
        )
