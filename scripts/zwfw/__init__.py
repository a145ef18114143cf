"""zwfw: catalog-as-code tooling for Hebei government service items (政务服务事项).

Data flows one way: load (:mod:`zwfw.catalog`) → check (:mod:`zwfw.schemas`,
:mod:`zwfw.rules`) → collect problems (:mod:`zwfw.problems`) → report
(:mod:`zwfw.report`). Library modules never print; the thin modules in
:mod:`zwfw.cli` do.
"""

__version__ = "0.1.0"
