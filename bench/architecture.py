"""Figures of the code's shape: where question-type codes are named outside the registry,
modules over 300 lines, functions over 50 lines, and import cycles.

    python -m bench.architecture [TREE]     (TREE: a checkout; default this one)

"Places a new type touches" counts the modules outside ``surveys/qtypes`` that switch on a
question-type code (compare a type with a code, or map several codes): each is a place that
would have to learn a new type. Demo generators and seed data (the question bank) are left
out: they use the types, they do not dispatch on them.
"""

import ast
import re
import sys
from pathlib import Path

CODES = ("single", "multiple", "likert5", "grade", "number", "yesno", "ranking", "open", "matrix")
PACKAGES = ("consult", "surveys", "analysis")
NOT_DISPATCH = re.compile(r"(^|/)(demo|bankdata)(/|\.py$)|(^|/)qtypes/")


def _modules(root: Path):
    for package in PACKAGES:
        if (root / package).is_dir():
            yield from sorted((root / package).rglob("*.py"))


def _is_code(node) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in CODES
    if isinstance(node, ast.Tuple | ast.Set | ast.List):
        return any(isinstance(e, ast.Constant) and e.value in CODES for e in node.elts)
    return False


def _names_codes(tree: ast.AST) -> bool:
    """Whether the code switches on a question type: compares something called ``qtype``
    or ``*_type`` with a type code, or maps three or more type codes."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            about_type = any("type" in ast.unparse(side) for side in sides)
            if about_type and any(_is_code(side) for side in sides):
                return True
        if isinstance(node, ast.Dict):
            keys = [k for k in node.keys if isinstance(k, ast.Constant) and k.value in CODES]
            if len(keys) >= 3:
                return True
    return False


def _graph(root: Path) -> dict[str, set[str]]:
    names = {
        ".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): p
        for p in _modules(root)
    }
    graph = {}
    for module, path in names.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in names else base)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[module] = {t for t in targets if t in names and t != module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> int:
    found, state = 0, {}

    def visit(node):
        nonlocal found
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found += 1
            elif nxt not in state:
                visit(nxt)
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return found


def main(root: Path) -> None:
    """Print the figures for a checkout."""
    touching, long_modules, long_functions = [], [], []
    for path in _modules(root):
        text = path.read_text(encoding="utf-8")
        relative = str(path.relative_to(root))
        tree = ast.parse(text)
        if not NOT_DISPATCH.search(relative) and _names_codes(tree):
            touching.append(relative)
        if len(text.splitlines()) > 300:
            long_modules.append(f"{relative} ({len(text.splitlines())})")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 50:
                    long_functions.append(f"{relative}:{node.name} ({length})")
    print(f"tree: {root}")
    print(f"modules outside qtypes that name a type code: {len(touching)}")
    for item in touching:
        print(f"  {item}")
    print(f"places a new question type touches: {len(touching) + 1} (its module + the above)")
    print(f"modules over 300 lines: {len(long_modules)}")
    for item in long_modules:
        print(f"  {item}")
    print(f"functions over 50 lines: {len(long_functions)}")
    for item in long_functions:
        print(f"  {item}")
    print(f"import cycles (top-level imports): {_cycles(_graph(root))}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).parent.parent)
