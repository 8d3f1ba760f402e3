"""The import rules of docs/architecture.md, read from the source with ``ast``.

Each rule names what may not import what; a test per rule lists the offending imports, so a
change that crosses a boundary fails here with the file and the module it reached for.
Imports inside functions count as well, and so do module names given to ``import_module``.
"""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("consult", "surveys", "analysis")
CHANNELS = (
    "surveys.paper",
    "surveys.keying",
    "surveys.respond",
    "surveys.builder",
    "surveys.fieldwork",
    "surveys.invitations",
    "surveys.scans",
    "analysis",
)
STATISTICS = ("aggregate", "weights", "suppress", "compare", "style", "charts")
RESPONSE_TABLES = {"Response", "Answer"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _sources() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        if (ROOT / package).is_dir()
        for path in sorted((ROOT / package).rglob("*.py"))
    }


@cache
def _imports(module: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(imported module, names taken from it) for every import of a module."""
    return _parse_imports(_sources()[module], module)


def _parse_imports(path: Path, module: str) -> tuple[tuple[str, frozenset[str]], ...]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, frozenset()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = frozenset(alias.name for alias in node.names)
            found.append((base, names))
            found += [(f"{base}.{name}", frozenset()) for name in names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((str(node.args[0].value), frozenset()))
    return tuple(found)


def _within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _offences(importers, forbidden, imports=_imports) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module in _sources()
        if importers(module)
        for target, _names in imports(module)
        if _within(target, forbidden)
    )


SHARED_DOMAIN = [
    "surveys.qtypes",
    "surveys.models",
    "surveys.logic",
    "surveys.dedup",
    "surveys.versions",
    "surveys.errors",
    "surveys.themes",
    "surveys.languages",
]


def qtypes_rule(imports=_imports) -> list[str]:
    """Question types, and the survey domain all channels share (models, skip logic, the
    duplicate rule), import no channel: the channels ask them."""
    return _offences(lambda m: _within(m, SHARED_DOMAIN), CHANNELS, imports)


def shell_rule(imports=_imports) -> list[str]:
    """consult/ reaches surveys and analysis only where the app factory registers them and
    where every model is gathered for migrations."""
    allowed = {"consult", "consult.models"}
    shell = lambda m: _within(m, ["consult"]) and m not in allowed  # noqa: E731
    return _offences(shell, ["surveys", "analysis"], imports)


def surveys_rule(imports=_imports) -> list[str]:
    """The survey domain does not depend on the analysis built on it."""
    return _offences(lambda m: _within(m, ["surveys"]), ["analysis"], imports)


def statistics_rule(imports=_imports) -> list[str]:
    """Statistics and charts are pure functions of DataFrames."""
    pure = lambda m: m in {f"analysis.{name}" for name in STATISTICS}  # noqa: E731
    forbidden = ["flask", "flask_sqlalchemy", "sqlalchemy", "consult.extensions", "surveys"]
    return _offences(pure, forbidden, imports)


def response_tables_rule(imports=_imports) -> list[str]:
    """In analysis/, only data.py reads the response tables."""
    return sorted(
        f"{module} imports {sorted(names & RESPONSE_TABLES)} from {target}"
        for module in _sources()
        if _within(module, ["analysis"]) and module != "analysis.data"
        for target, names in imports(module)
        if target == "surveys.models" and names & RESPONSE_TABLES
    )


SCAN_READING = ("images", "register", "marks", "rules", "reading", "messages", "synth", "degrade")


def scan_reading_rule(imports=_imports) -> list[str]:
    """Reading a scan is a pure function of the page image and the layout file."""
    pure = lambda m: m in {f"surveys.scans.{name}" for name in SCAN_READING}  # noqa: E731
    forbidden = [
        "flask",
        "flask_babel",
        "flask_sqlalchemy",
        "sqlalchemy",
        "consult",
        "surveys.models",
    ]
    return _offences(pure, forbidden, imports)


RULES = (
    qtypes_rule,
    shell_rule,
    surveys_rule,
    statistics_rule,
    response_tables_rule,
    scan_reading_rule,
)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_import_rule_holds(rule):
    assert rule() == []


def _cycles() -> list[list[str]]:
    """Import cycles between modules of the project (top-level imports only)."""
    graph: dict[str, set[str]] = {}
    for module, path in _sources().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in _sources() else base)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[module] = {t for t in targets if t in _sources() and t != module}
    return _find_cycles(graph)


def _find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    return cycles


def test_no_import_cycles_between_modules():
    assert _cycles() == []


@pytest.mark.parametrize(
    ("module", "forbidden", "rule"),
    [
        ("surveys.qtypes.single", "surveys.paper.form", qtypes_rule),
        ("consult.auth.views", "surveys.models", shell_rule),
        ("surveys.keying.views", "analysis.data", surveys_rule),
        ("consult.users.views", "analysis.views", shell_rule),
        ("surveys.scans.reading", "flask", scan_reading_rule),
    ],
)
def test_a_rule_fails_when_a_forbidden_import_is_added(tmp_path, module, forbidden, rule):
    """The rule, run as if the module imported what it may not, reports that import."""
    changed = tmp_path / "changed.py"
    changed.write_text(f"import {forbidden}\n" + _sources()[module].read_text(), encoding="utf-8")
    imports = _parse_imports(changed, module)
    offences = rule(lambda name: imports if name == module else _imports(name))
    assert f"{module} imports {forbidden}" in offences


def test_a_cycle_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    assert _find_cycles(graph) == [["a", "b", "c", "a"]]


_RULE_IN_TEMPLATE = re.compile(
    r"\.(?:value|code)\s*(?:==|!=|in\b)\s*[\'\"(]|qtype\s*(?:==|!=|in\b)"
)


def test_templates_hold_no_business_rules():
    """Templates ask the object (``survey.is_open``, ``batch.ready``) instead of comparing
    status strings or question-type codes."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _RULE_IN_TEMPLATE.search(line)
    ]
    assert offenders == []
