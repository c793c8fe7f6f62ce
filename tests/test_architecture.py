"""The layers of the code and the one direction of its imports (see docs/architecture.md).

Nothing of the project is imported or run: every ``.py`` file of the packages is parsed with
``ast``, and its project imports (at any depth, relative ones resolved) are checked.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Bottom to top. A module may import its own layer and the layers below it, never one above.
LAYERS = [
    "core",
    "geo",
    "data_access",
    "indicators",
    "view_data",
    "figures",
    "panels",
    "exports",
    "layouts",
    "callbacks",
    "dashboard",
]
#: Layers that may import only some of the layers below them.
ONLY_FROM = {"figures": {"figures", "core", "geo"}}
#: Alembic's versions sit beside data_access: they may import its models, and nothing imports them.
MIGRATIONS = "migrations"
MIGRATIONS_MAY_IMPORT = {"data_access.models"}

#: Only these layers read data files; the call names are the pandas and geopandas readers.
FILE_READING_LAYERS = {"geo", "data_access", "view_data"}
FILE_READERS = {"read_csv", "read_file", "read_excel", "read_json", "read_parquet", "read_table"}
#: Above the service layer nothing runs SQL, except the command line and the benchmark.
NO_SQL_LAYERS = {"figures", "panels", "exports", "layouts", "callbacks", "dashboard"}
SQL_ALLOWED_MODULES = {"dashboard.cli", "dashboard.bench"}


@dataclass(frozen=True)
class Import:
    """One import statement of a project file, and the project module it resolves to."""

    path: str  # file, relative to the repository root
    line: int
    statement: str  # as written, e.g. "from data_access.queries import Scope"
    module: str  # the name imported, e.g. "data_access.queries.Scope" or "sqlalchemy"
    target: str | None  # the project module it loads, None outside the project

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: `{self.statement}`"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def project_files() -> dict[str, Path]:
    """Module name -> file, for every package of the layers and the migrations."""
    files = {}
    for package in [*LAYERS, MIGRATIONS]:
        for path in sorted((ROOT / package).rglob("*.py")):
            files[module_name(path)] = path
    return files


@cache
def parsed(module: str) -> ast.Module:
    path = project_files()[module]
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def resolve(name: str) -> str | None:
    """The project module that loading ``name`` runs last: the longest known prefix.

    A package without ``__init__.py`` (``panels``) stands for itself; outside the project, None.
    """
    modules = project_files()
    parts = name.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    top = name.split(".")[0]
    return top if top in {*LAYERS, MIGRATIONS} else None


def imports_of(module: str) -> list[Import]:
    """Every import in the module, at any depth (functions included)."""
    path = str(project_files()[module].relative_to(ROOT))
    is_package = project_files()[module].name == "__init__.py"
    found = []
    for node in ast.walk(parsed(module)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(path, node.lineno, ast.unparse(node), alias.name, resolve(alias.name)))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                # ``from a import b`` loads the module a.b if there is one, else a's name b.
                name = f"{base}.{alias.name}"
                found.append(Import(path, node.lineno, ast.unparse(node), name, resolve(name)))
    return found


def all_imports() -> list[Import]:
    return [found for module in project_files() for found in imports_of(module)]


def unique(lines: list[str]) -> list[str]:
    """Each line once, in order (``from a import b, c`` yields one import per name)."""
    return list(dict.fromkeys(lines))


def layer(module: str) -> str:
    return module.split(".")[0]


def calls_in(module: str) -> list[tuple[int, str]]:
    """(line, called name) for every call: ``f(...)`` gives f, ``x.f(...)`` gives f."""
    calls = []
    for node in ast.walk(parsed(module)):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                calls.append((node.lineno, node.func.id))
            elif isinstance(node.func, ast.Attribute):
                calls.append((node.lineno, node.func.attr))
    return calls


def test_every_package_has_a_layer():
    packages = {
        path.parent.relative_to(ROOT).parts[0]
        for path in ROOT.glob("*/*.py")
        if not path.parent.name.startswith(".") and path.parent.name != "tests"
    }
    assert packages <= {*LAYERS, MIGRATIONS}, (
        f"package(s) {sorted(packages - {*LAYERS, MIGRATIONS})} have no layer: "
        "place them in LAYERS here and in docs/architecture.md"
    )
    for package in LAYERS:
        assert any(layer(module) == package for module in project_files()), f"no module in {package}/"


def test_imports_run_down_the_layers_only():
    problems = []
    for found in all_imports():
        if found.target is None:
            continue
        source, target = layer(module_name(ROOT / found.path)), layer(found.target)
        if source == MIGRATIONS:
            if target != MIGRATIONS and found.target not in MIGRATIONS_MAY_IMPORT:
                problems.append(f"{found} — migrations may import only {sorted(MIGRATIONS_MAY_IMPORT)}")
        elif target == MIGRATIONS:
            problems.append(f"{found} — nothing imports the migrations (Alembic runs them)")
        elif LAYERS.index(target) > LAYERS.index(source):
            problems.append(f"{found} — {source} (layer {LAYERS.index(source) + 1}) imports upward")
        elif source in ONLY_FROM and target not in ONLY_FROM[source]:
            problems.append(f"{found} — {source} may import only {sorted(ONLY_FROM[source])}")
    problems = unique(problems)
    assert not problems, "imports against the layer order:\n" + "\n".join(problems)


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative); returns every component of more than one module or a self-loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph[node]:
                        components.append(sorted(component))
    return components


def test_no_import_cycles():
    graph: dict[str, set[str]] = {module: set() for module in project_files()}
    edges: dict[tuple[str, str], list[Import]] = {}
    for found in all_imports():
        source = module_name(ROOT / found.path)
        if found.target is not None:
            graph[source].add(found.target)
            graph.setdefault(found.target, set())
            edges.setdefault((source, found.target), []).append(found)
    problems = []
    for component in strongly_connected(graph):
        members = set(component)
        ties = [str(f) for (a, b), fs in sorted(edges.items()) if a in members and b in members for f in fs]
        problems.append(f"cycle between {', '.join(component)}:\n    " + "\n    ".join(unique(ties)))
    assert not problems, "import cycles:\n" + "\n".join(problems)


def test_only_the_data_layers_read_data_files():
    problems = [
        f"{project_files()[module].relative_to(ROOT)}:{line}: calls {name}() in {layer(module)}/"
        for module in project_files()
        if layer(module) not in FILE_READING_LAYERS
        for line, name in calls_in(module)
        if name in FILE_READERS
    ]
    assert not problems, f"data files are read only in {sorted(FILE_READING_LAYERS)}:\n" + "\n".join(problems)


def test_no_sql_above_the_service_layer():
    problems = []
    for module in project_files():
        if layer(module) not in NO_SQL_LAYERS or module in SQL_ALLOWED_MODULES:
            continue
        for found in imports_of(module):
            if found.target == "data_access.queries" or found.module.split(".")[0] == "sqlalchemy":
                problems.append(f"{found} — ask view_data.ViewData instead")
        for line, name in calls_in(module):
            if name == "select":
                problems.append(f"{project_files()[module].relative_to(ROOT)}:{line}: calls select()")
    problems = unique(problems)
    assert not problems, "SQL above view_data:\n" + "\n".join(problems)


def private_dash(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "dash" and any(p.startswith("_") and not p.startswith("__") for p in parts[1:])


def test_no_private_dash_modules():
    paths = [*project_files().values(), *sorted((ROOT / "tests").rglob("*.py"))]
    problems = []
    for path in paths:
        rel = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                names = [f"{node.value.id}.{node.attr}"] if not node.attr.startswith("__") else []
            else:
                continue
            for name in names:
                if private_dash(name):
                    problems.append(f"{rel}:{node.lineno}: `{ast.unparse(node)}` uses {name}")
    problems = unique(problems)
    assert not problems, "private Dash modules (dash._*) are no API:\n" + "\n".join(problems)
