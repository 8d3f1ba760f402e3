"""Import rules of the analysis package, read from the source."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PURE = ("aggregate.py", "weights.py", "suppress.py", "compare.py")
FORBIDDEN = ("flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy", "surveys", "consult")
RESPONSE_TABLES = ("Response", "Answer")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_statistics_modules_import_neither_flask_nor_sqlalchemy_nor_surveys():
    for name in PURE:
        path = ROOT / "analysis" / name
        if path.exists():
            bad = {m for m in imported(path) if m.split(".")[0] in FORBIDDEN}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_only_data_reads_response_tables():
    for path in (ROOT / "analysis").rglob("*.py"):
        if path.name == "data.py":
            continue
        bad = {
            m
            for m in imported(path)
            if m.startswith("surveys.models.") and m.rsplit(".", 1)[1] in RESPONSE_TABLES
        }
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_surveys_never_import_analysis():
    for path in (ROOT / "surveys").rglob("*.py"):
        assert not {m for m in imported(path) if m.split(".")[0] == "analysis"}, path
