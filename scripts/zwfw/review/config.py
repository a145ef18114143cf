"""Review settings that are not in the data: kept here, in one place.

- :data:`PLATFORM_TEAM` owns everything that is not catalog data (schemas,
  tooling, workflows, CODEOWNERS itself, docs, tests) and stands in for a
  department or region that the base revision does not know yet.
- The standard materials library and the e-licence directory are province-wide:
  they belong to the provincial government-service office (the
  ``reviewers.service_office`` team of the province's ``region.yaml``), not to
  a department.
"""

from __future__ import annotations

#: GitHub team of the platform maintainers. Change it here only.
PLATFORM_TEAM = "@hebei-zwfw/platform"

#: Where the generated CODEOWNERS file lives.
CODEOWNERS_PATH = ".github/CODEOWNERS"

#: Paths owned by the platform maintainers, written explicitly at the end of
#: CODEOWNERS (the catch-all ``*`` gives them everything else too).
PLATFORM_PATHS = ("/.github/", "/schemas/", "/scripts/", "/tools/", "/" + CODEOWNERS_PATH)

#: Library folders owned by the provincial government-service office.
LIBRARY_PATHS = ("/libraries/materials/", "/libraries/licences/")

#: Context of the commit status the approval gate sets: the required check.
STATUS_CONTEXT = "zwfw/approvals"
