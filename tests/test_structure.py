"""The shape of the code in pipeline/ and schemas/: no import cycle, no long module, no long function
without its reason written above it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("pipeline", "schemas")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# a function may run longer when the line above its `def` (or its first decorator) says why
LONG_REASON = "long:"


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the packages."""
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except those under `if TYPE_CHECKING:`, which never run."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imported_modules(name: str, path: Path, modules: set[str]) -> set[str]:
    """The modules of the packages that one module imports, at its top or inside its functions.

    `from package import name` counts as an import of the submodule when `name` is one, else of the
    package; a relative import is resolved against the module's package.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            candidates = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names
            ]
        else:
            continue
        for candidate in candidates:
            # `import a.b.c` names the deepest module that exists
            while candidate and candidate not in modules:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
    return targets


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def long_functions(path: Path) -> list[str]:
    """Functions longer than the limit whose reason is not written above them, as 'name (lines)'."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        above = lines[first - 2] if first >= 2 else ""
        if length > MAX_FUNCTION_LINES and not (above.lstrip().startswith("#") and LONG_REASON in above):
            found.append(f"{node.name} ({length} lines)")
    return found


def test_the_structure_checks_find_what_they_look_for(tmp_path):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]
    (tmp_path / "m.py").write_text(
        "def short():\n    pass\n\n\ndef long():\n" + "    x = 1\n" * 60 + "\n\n"
        "# long: one table of cases, read top to bottom\ndef explained():\n" + "    x = 1\n" * 60,
        encoding="utf-8",
    )
    assert long_functions(tmp_path / "m.py") == ["long (61 lines)"]
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(
        "from typing import TYPE_CHECKING\nfrom . import other\n"
        "if TYPE_CHECKING:\n    from pkg import third\n"
        "def f():\n    import pkg.sub.deep\n",
        encoding="utf-8",
    )
    modules = {"pkg", "pkg.mod", "pkg.other", "pkg.third", "pkg.sub"}
    assert imported_modules("pkg.mod", tmp_path / "pkg" / "mod.py", modules) == {"pkg.other", "pkg.sub"}


def test_no_import_cycle_among_the_modules():
    files = module_files()
    graph = {name: imported_modules(name, path, set(files)) for name, path in files.items()}
    assert import_cycles(graph) == []


def test_modules_and_functions_stay_short():
    problems = []
    for path in module_files().values():
        relative = path.relative_to(REPO).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            problems.append(f"{relative}: {lines} lines")
        problems += [f"{relative}: {function}" for function in long_functions(path)]
    assert problems == []


def test_every_language_data_file_is_listed_in_its_readme() -> None:
    folder = REPO / "pipeline" / "lang" / "it"
    listed = set(re.findall(r"^\| `([^`]+)` \|", (folder / "README.md").read_text(encoding="utf-8"), re.M))
    present = {p.name for p in folder.iterdir() if p.name != "README.md"}
    assert listed == present
