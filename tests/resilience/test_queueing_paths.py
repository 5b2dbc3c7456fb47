"""Work leaves the database only through `core.workflow.after_commit`: no other module calls
`transaction.on_commit` (where a robust `functools.partial` made a broker outage a 500 page),
and no caller hands it a partial."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "tests", "bench", ".git", "static", "staticfiles", "media"}


def application_sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def calls_named(tree, name):
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and getattr(node.func, "attr", getattr(node.func, "id", None)) == name
    ]


def test_only_after_commit_registers_commit_callbacks():
    offenders = [
        str(path.relative_to(ROOT))
        for path in application_sources()
        if calls_named(ast.parse(path.read_text()), "on_commit")
        and path.relative_to(ROOT) != Path("core/workflow.py")
    ]
    assert offenders == []


def test_after_commit_is_never_handed_a_partial():
    offenders = []
    for path in application_sources():
        for call in calls_named(ast.parse(path.read_text()), "after_commit"):
            work = call.args[0] if call.args else None
            if isinstance(work, ast.Call) and "partial" in ast.unparse(work.func):
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert offenders == []
