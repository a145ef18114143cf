"""From a GitHub issue form to a record: the clerk's browser path.

The issue forms (``.github/ISSUE_TEMPLATE/*.yml``) are the single source of
the questions: :mod:`.definitions` reads their field ids and labels,
:mod:`.body` splits the rendered issue body (``### <label>`` sections) into
answers, :mod:`.answers` turns answers into record values, :mod:`.records`
writes the record with the project's scaffolding (``zwfw new`` templates) and
:mod:`.draft` validates it and prepares the branch, the pull-request text and
the reply on the issue.

Every answer is hostile input: it is only ever data (parsed, checked against
the catalog, written through a YAML emitter, quoted in Markdown code blocks);
nothing in it chooses a path, a branch name, a title or a command.
"""
