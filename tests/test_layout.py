"""The folders of generator/ are its pipeline: a module imports only from its own stage or an earlier one.

An import from a later stage (a check reaching into the renderer, say) ties a stage to what comes after it, and the
folders stop saying how the parts fit. The order below is the order of imports, which is the pipeline's order
with one difference: `structure/` (the model and the site's shape) comes before `load/`, because the loader
validates each file into the model's types. `tools/` (contributor commands) may use anything up to the checks;
the editor uses the renderer's wording and the canonical format; the post-build steps know the editor's files.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

# Each stage by the modules it holds (a package stands for everything under it), earliest first.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shared", ("generator.problems", "generator.document")),
    ("config", ("generator.config",)),
    ("structure", ("generator.structure",)),
    ("load", ("generator.load",)),
    ("checks", ("generator.checks",)),
    ("render", ("generator.render",)),
    ("pipeline", ("generator", "generator.pipeline")),  # generate(), which runs load, checks and render
    ("output", ("generator.output",)),
    ("tools", ("generator.tools",)),
    ("editor", ("generator.editor",)),
    ("postbuild", ("generator.postbuild",)),
    ("cli", ("generator.cli", "generator.__main__")),
)


def stage_of(module: str) -> int | None:
    """The index in STAGES of `module` (`generator.checks.links`); None when no stage holds it. The package
    `generator` itself holds only its __init__.py, not everything under it."""
    best: tuple[int, int] | None = None  # (length of the matching name, stage)
    for index, (_name, modules) in enumerate(STAGES):
        for prefix in modules:
            if module == prefix or (prefix != "generator" and module.startswith(prefix + ".")):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), index)
    return None if best is None else best[1]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(root: Path, module: str) -> bool:
    path = root.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(path: Path, root: Path) -> list[tuple[int, str]]:
    """Every module of `generator` that `path` imports, with the line: relative imports resolved, type-checking
    and in-function imports included, and `from . import x` read as the module `x` when there is one."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "generator"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "generator":
                continue
            modules = {f"{target}.{a.name}" if _is_module(root, f"{target}.{a.name}") else target for a in node.names}
            found += [(node.lineno, module) for module in sorted(modules)]
    return found


def layout_problems(root: Path) -> list[str]:
    """Each module of `root`/generator without a stage, and each import from a later stage, as path:line."""
    problems: list[str] = []
    for path in sorted((root / "generator").rglob("*.py")):
        name = module_name(path, root)
        here = stage_of(name)
        where = path.relative_to(root).as_posix()
        if here is None:
            problems.append(f"{where}: no stage holds {name}; add it to STAGES in tests/test_layout.py")
            continue
        for line, target in imported_modules(path, root):
            there = stage_of(target)
            if there is not None and there > here:
                problems.append(f"{where}:{line}: {name} ({STAGES[here][0]}) imports {target}, of the later stage "
                                f"{STAGES[there][0]}")
    return problems


def test_no_module_imports_from_a_later_stage() -> None:
    problems = layout_problems(ROOT)
    assert not problems, "\n".join(problems)


def test_an_import_from_a_later_stage_is_reported_at_its_line(tmp_path: Path) -> None:
    for folder in ("generator/checks", "generator/render", "generator/structure", "generator/load"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "generator/__init__.py").write_text("")
    (tmp_path / "generator/render/pages.py").write_text("")
    (tmp_path / "generator/load/strict_yaml.py").write_text("")
    (tmp_path / "generator/structure/content.py").write_text(
        "from __future__ import annotations\n\nfrom ..load.strict_yaml import Document\n")
    (tmp_path / "generator/checks/links.py").write_text(
        "from ..structure import content\nfrom ..render import pages\nimport generator.render.pages\n"
        "from ..render.pages import Page, index_path\n")
    assert layout_problems(tmp_path) == [
        "generator/checks/links.py:2: generator.checks.links (checks) imports generator.render.pages, of the later "
        "stage render",
        "generator/checks/links.py:3: generator.checks.links (checks) imports generator.render.pages, of the later "
        "stage render",
        "generator/checks/links.py:4: generator.checks.links (checks) imports generator.render.pages, of the later "
        "stage render",
        "generator/structure/content.py:3: generator.structure.content (structure) imports "
        "generator.load.strict_yaml, of the later stage load",
    ]


def test_a_module_in_no_stage_is_reported(tmp_path: Path) -> None:
    (tmp_path / "generator").mkdir()
    (tmp_path / "generator/__init__.py").write_text("")
    (tmp_path / "generator/stray.py").write_text("")
    assert layout_problems(tmp_path) == [
        "generator/stray.py: no stage holds generator.stray; add it to STAGES in tests/test_layout.py"]
