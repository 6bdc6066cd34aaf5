"""The package's boundaries, read from the source (AST only: nothing is imported or run).

- No import cycles among kb_builder's modules. An import inside a function still counts when it
  closes a cycle: it only hides the cycle until the function runs (imports under
  `if TYPE_CHECKING:` never run and do not count).
- Only kb_builder/site/ imports `mkdocs` or `material` (so `kb check` never loads them).

`architecture_problems(package_dir)` takes the package's folder, so the tests below also run it on a
planted copy in tmp_path to show that it sees what it must.
"""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kb_builder"
MKDOCS_PACKAGES = {"mkdocs", "material"}
ADAPTER = "site"
"""The one subpackage allowed to import MkDocs and Material."""
KNOWN_HIDDEN_CYCLES: dict[tuple[str, str], str] = {}
"""Function-local imports known to hide a cycle, and how to end it: this list only shrinks."""


@dataclass(frozen=True)
class Import:
    source: str
    """Module that imports, e.g. `kb_builder.site.events`."""
    target: str
    """Imported module as written, resolved to a module of the package when it is one."""
    path: str
    line: int
    local: bool
    """Inside a function: runs only when the function is called."""

    def where(self) -> str:
        return f"{self.path}:{self.line}" + (" (inside a function)" if self.local else "")


def _module_names(package_dir: Path) -> dict[str, Path]:
    name = package_dir.name
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports_in(tree: ast.AST) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement that can run, with whether it sits inside a function."""
    found: list[tuple[ast.Import | ast.ImportFrom, bool]] = []

    def visit(node: ast.AST, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit(other, local)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append((child, local))
            visit(child, local or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str:
    """The package module `name` loads: itself, or the package whose attribute it is."""
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def import_graph(package_dir: Path) -> list[Import]:
    """Every import in the package, imports of outside packages included (target as written)."""
    modules = _module_names(package_dir)
    root = package_dir.parent
    imports = []
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        for node, local in _imports_in(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = module.split(".")
                    anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, base] if base else anchor)
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            for name in names:
                target = _resolve(name, modules) if name.split(".")[0] == package_dir.name else name
                imports.append(Import(module, target, path.relative_to(root).as_posix(), node.lineno, local))
    return imports


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module, or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in edges.get(node, ()):
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return sorted(components)


def _path_between(edges: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The shortest chain of imports from `start` to `goal`, both included; None when there is none."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        if node == goal:
            chain = [node]
            while previous[chain[-1]] is not None:
                chain.append(previous[chain[-1]])  # type: ignore[arg-type]
            return chain[::-1]
        for target in sorted(edges.get(node, ())):
            if target not in previous:
                previous[target] = node
                queue.append(target)
    return None


def _shortest_cycle(imports: list[Import], edges: dict[str, set[str]]) -> list[Import]:
    """The shortest cycle that goes through one of `imports`, as the imports that make it."""
    best: list[str] | None = None
    for i in imports:
        back = _path_between(edges, i.target, i.source)
        if back and (best is None or len(back) + 1 < len(best)):
            best = [i.source, *back]
    assert best is not None
    by_edge: dict[tuple[str, str], Import] = {}
    for i in imports:
        by_edge.setdefault((i.source, i.target), i)
    return [by_edge[pair] for pair in zip(best, best[1:])]


def _cycle_problems(imports: list[Import], package: str) -> list[str]:
    """One problem per cycle found, naming the shortest chain of imports that makes it."""
    inner = sorted({i for i in imports if i.target.split(".")[0] == package and i.target != i.source
                    and not (i.local and (i.source, i.target) in KNOWN_HIDDEN_CYCLES)},
                   key=lambda i: (i.path, i.line, i.target))
    module_level = [i for i in inner if not i.local]
    problems = []
    cyclic: set[str] = set()
    for kind, chosen in (("an import cycle", module_level),
                         ("an import cycle hidden by a function-local import", inner)):
        edges: dict[str, set[str]] = {}
        for i in chosen:
            edges.setdefault(i.source, set()).add(i.target)
        for component in _cycles(edges):
            members = set(component)
            if chosen is inner and members & cyclic:
                continue  # the module-level cycle inside it is reported; fix that first
            cyclic |= members
            inside = [i for i in chosen if i.source in members and i.target in members]
            cycle = _shortest_cycle(inside, edges)
            problems.append(f"{kind}: " + "; ".join(f"{i.where()} imports {i.target}" for i in cycle))
    return problems


def architecture_problems(package_dir: Path) -> list[str]:
    """What breaks the package's boundaries, one line each, sorted; [] when none."""
    imports = import_graph(package_dir)
    package = package_dir.name
    adapter = f"{package}.{ADAPTER}"
    problems = _cycle_problems(imports, package)
    for i in imports:
        top = i.target.split(".")[0]
        if top in MKDOCS_PACKAGES and not (i.source == adapter or i.source.startswith(adapter + ".")):
            problems.append(f"{i.where()}: imports {i.target}; only {package}/{ADAPTER}/ may import mkdocs or material")
    return sorted(problems)


def test_kb_builder_keeps_its_boundaries() -> None:
    assert architecture_problems(PACKAGE) == []


def test_the_graph_sees_the_site_package_import_mkdocs() -> None:
    imports = import_graph(PACKAGE)
    assert any(i.source == "kb_builder.site.events" and i.target.startswith("mkdocs") for i in imports)
    assert any(i.source == "kb_builder.commands.build" and i.target == "kb_builder.site.languages" and i.local
               for i in imports)


@pytest.mark.parametrize("edge", sorted(KNOWN_HIDDEN_CYCLES))
def test_each_known_hidden_cycle_is_still_there(edge: tuple[str, str]) -> None:
    """Once a known cycle is gone, its line in KNOWN_HIDDEN_CYCLES goes too."""
    source, target = edge
    imports = import_graph(PACKAGE)
    edges: dict[str, set[str]] = {}
    for i in imports:
        edges.setdefault(i.source, set()).add(i.target)
    local = [i for i in imports if i.source == source and i.target == target and i.local]
    assert local and _path_between(edges, target, source), (
        f"{source} importing {target} closes no cycle any more: remove it from KNOWN_HIDDEN_CYCLES")


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A copy of kb_builder's Python files, to plant problems in."""
    copy = tmp_path / "kb_builder"
    shutil.copytree(PACKAGE, copy, ignore=lambda folder, names: [
        n for n in names if not (n.endswith(".py") or (Path(folder) / n).is_dir()) or n == "__pycache__"])
    assert architecture_problems(copy) == []
    return copy


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_module_level_cycle_is_found(planted: Path) -> None:
    _append(planted / "util/suggest.py", "\nfrom kb_builder.commands import check as _check\n")
    line = (planted / "util/suggest.py").read_text(encoding="utf-8").count("\n")
    [problem] = architecture_problems(planted)
    assert problem.startswith("an import cycle: ")
    assert f"kb_builder/util/suggest.py:{line} imports kb_builder.commands.check" in problem


def test_a_cycle_behind_a_function_local_import_is_found(planted: Path) -> None:
    _append(planted / "util/suggest.py", "\n\ndef _late():\n    from kb_builder.commands import check\n")
    line = (planted / "util/suggest.py").read_text(encoding="utf-8").count("\n")
    [problem] = architecture_problems(planted)
    assert problem.startswith("an import cycle hidden by a function-local import: ")
    assert f"kb_builder/util/suggest.py:{line} (inside a function) imports kb_builder.commands.check" in problem


def test_an_import_under_type_checking_closes_no_cycle(planted: Path) -> None:
    _append(planted / "util/suggest.py",
            "\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kb_builder.commands import check\n")
    assert architecture_problems(planted) == []


@pytest.mark.parametrize("statement", ["import mkdocs", "from material.plugins.search.plugin import SearchIndex",
                                       "import mkdocs.config as c"])
def test_mkdocs_imported_outside_the_site_package_is_found(planted: Path, statement: str) -> None:
    _append(planted / "render/labels.py", f"\n\ndef _late():\n    {statement}\n")
    line = (planted / "render/labels.py").read_text(encoding="utf-8").count("\n")
    target = statement.split()[1]
    assert architecture_problems(planted) == [
        f"kb_builder/render/labels.py:{line} (inside a function): imports {target}; "
        "only kb_builder/site/ may import mkdocs or material"]


def test_relative_imports_resolve_to_the_package_module(planted: Path) -> None:
    _append(planted / "util/suggest.py", "\nfrom ..commands import check as _check\n")
    assert any("imports kb_builder.commands.check" in p for p in architecture_problems(planted))


def _layout_rows(readme: str) -> set[str]:
    """What the first column of README's layout table names inside kb_builder/."""
    named = set()
    for line in readme.splitlines():
        cells = line.split("|")
        if len(cells) > 2 and "`kb_builder/" in cells[1]:
            for path in re.findall(r"`([^`]+)`", cells[1]):
                name = path.removeprefix("kb_builder/").split("/")[0]
                if name:
                    named.add(name)
    return named


def test_the_readme_layout_table_lists_what_ls_kb_builder_shows() -> None:
    listing = {p.name for p in PACKAGE.iterdir() if p.name not in ("__init__.py", "__pycache__")}
    assert _layout_rows((PACKAGE.parent / "README.md").read_text(encoding="utf-8")) == listing
