"""Mutation testing of the code that guards people and their data: `make mutation`.

Each mutant changes one thing in that code (a comparison turned round, `and` made
`or`, a `not` dropped, a filter that loses one of its conditions, a line that
deletes or blanks data left out, a permission check skipped), then runs the tests
that reach the changed line. A mutant the tests do not notice is a survivor: a
way the code could break without anyone knowing. The script prints the share
caught per file and every survivor.

What is mutated (found by name, so apps that land later are covered with no work):

- every `access.py` and `erasure.py` under ustogether/, whole;
- in every `services.py` (and `services/` package) and projects/agreements.py:
  each permission or state check (an `if` whose body raises PermissionDenied or
  ValidationError, and the raise itself), each call to a `_require_*` helper, and
  whole helper functions that raise PermissionDenied (`_require_manager`, ...);
- the functions in EXTRA below, whole: closing an account, needs, roles in force.

Why not mutmut: mutmut 3 rewrites every function of a file into a trampoline and
cannot be limited to the permission checks inside a service, and its copy of the
source tree breaks Django's app loading here. This script instead compiles each
mutant from the module's syntax tree and swaps the one function's code object in
a forked child, so nothing on disk changes and Django starts once.

Explained mutants: a mutant that cannot change what the code does (an equivalent
mutant), or that this script cannot reach (code that runs only at import, before
the mutant is swapped in), is listed with its reason in bin/mutation_explained.toml.
Those are still run. If one survives it is printed under "Explained" with its
reason and left out of the share; if a test catches it, the script says so, so
the entry can be taken off the list. An entry that matches no mutant is printed
too, so the list cannot go stale without anyone seeing. An entry names the file,
the function, the change as the script prints it, and the text of the changed
line, so it follows the line when code above it moves and falls off when the
line itself changes.

Usage: .venv/bin/python bin/mutation.py [--only PATH_SUBSTRING] [--list] [-v]
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import os
import signal
import sys
import time
import tomllib
import types
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ustogether"
WORK = ROOT / "var" / "mutation"
EXPLAINED_FILE = ROOT / "bin" / "mutation_explained.toml"

# Whole functions to mutate besides access.py and erasure.py: (module path, qualname).
EXTRA: list[tuple[str, str]] = [
    ("ustogether/people/services.py", "person_erase"),
    ("ustogether/people/services.py", "person_save_needs"),
    ("ustogether/people/services.py", "person_remove_needs"),
    ("ustogether/people/services.py", "organisation_role"),
    ("ustogether/people/services.py", "owns_verified_email"),
    ("ustogether/people/models.py", "OrganisationMembershipQuerySet.in_force"),
    # in_force() only calls this; the rule (a role that needs two-step counts only
    # with an app set up) lives here.
    ("ustogether/people/models.py", "_works_now"),
    ("ustogether/projects/services.py", "_is_only_co_lead"),
    ("ustogether/projects/agreements.py", "can_answer"),
]
# Modules that are services though not named so.
SERVICE_MODULES_EXTRA = [
    "ustogether/projects/agreements.py",
    "ustogether/plainlanguage/easyread.py",
]

# Tests that cannot notice a change in these files (pure text checks, data files,
# browser tests, the page crawl), left out so the first run that maps which test
# reaches which line stays short.
SKIP_TESTS = {
    "test_glossary_data.py",
    "test_checker_jargon.py",
    "test_checker_checks.py",
    "test_sentences.py",
    "test_syllables.py",
    "test_jargon_measure.py",
    "test_pagetext.py",
    "test_picture_search.py",
    "test_ui_words.py",
    "test_static_build.py",
    "test_settings_hardening.py",
    "test_seed_demo.py",
}

GUARD_EXCEPTIONS = {"PermissionDenied", "ValidationError"}
QUERY_METHODS = {"filter", "exclude", "get", "update", "get_or_create", "update_or_create"}
COMPARE_SWAP: dict[type, type] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


@dataclass
class Mutant:
    path: str  # relative to ROOT
    qualname: str
    line: int
    end_line: int
    description: str
    index: int  # which mutation of this module (the order they are generated in)
    tests: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.path}:{self.line} in {self.qualname}: {self.description}"

    @property
    def source(self) -> str:
        """The text of the first line the mutant changes, without the indent."""
        return (ROOT / self.path).read_text().splitlines()[self.line - 1].strip()


@dataclass
class Explained:
    path: str
    function: str
    change: str
    line: str
    reason: str
    used: bool = False

    def matches(self, mutant: Mutant) -> bool:
        return (
            mutant.path == self.path
            and mutant.qualname == self.function
            and mutant.description == self.change
            and mutant.source == self.line.strip()
        )


def load_explained() -> list[Explained]:
    """The mutants listed in bin/mutation_explained.toml, each with why it is not a gap."""
    if not EXPLAINED_FILE.exists():
        return []
    entries = tomllib.loads(EXPLAINED_FILE.read_text()).get("explained", [])
    explained = [Explained(**entry) for entry in entries]
    for entry in explained:
        if not entry.reason.strip():
            raise SystemExit(f"{EXPLAINED_FILE.name}: an entry has no reason: {entry}")
    return explained


def explanation(mutant: Mutant, explained: list[Explained]) -> Explained | None:
    for entry in explained:
        if entry.matches(mutant):
            entry.used = True
            return entry
    return None


# --- what to mutate -----------------------------------------------------------------


def _raises(body: list[ast.stmt], names: set[str]) -> bool:
    for node in body:
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id in names:
                return True
    return False


def _raises_anywhere(function: ast.AST, names: set[str]) -> bool:
    return any(
        isinstance(node, ast.If | ast.FunctionDef) and _raises(node.body, names)
        for node in ast.walk(function)
    )


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{node.name}.{item.name}", item


def _is_guard_helper(name: str, function: ast.FunctionDef) -> bool:
    short = name.rsplit(".", 1)[-1]
    return short.startswith(("_require", "require_", "can_", "_can_")) or (
        short.startswith("_") and _raises_anywhere(function, {"PermissionDenied"})
    )


def target_modules() -> dict[str, dict[str, str]]:
    """{module path: {qualname: "whole" | "guards"}}."""
    targets: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(PACKAGE.glob("*/access.py")) + sorted(PACKAGE.glob("*/erasure.py")):
        rel = str(path.relative_to(ROOT))
        for name, _function in _functions(ast.parse(path.read_text())):
            targets[rel][name] = "whole"
    services = sorted(PACKAGE.glob("*/services.py")) + sorted(PACKAGE.glob("*/services/*.py"))
    for path in [*services, *(ROOT / p for p in SERVICE_MODULES_EXTRA)]:
        rel = str(path.relative_to(ROOT))
        for name, function in _functions(ast.parse(path.read_text())):
            if name.startswith("test"):
                continue
            kind = "whole" if _is_guard_helper(name, function) else "guards"
            targets[rel].setdefault(name, kind)
    for rel, name in EXTRA:
        targets[rel][name] = "whole"
    return targets


class Collector:
    """Walks one function and lists the mutations it allows, in a fixed order."""

    def __init__(self, whole: bool) -> None:
        self.whole = whole
        self.found: list[tuple[ast.AST, str, str]] = []  # (node, kind, description)

    def add(self, node: ast.AST, kind: str, description: str) -> None:
        self.found.append((node, kind, description))

    def expression(self, node: ast.AST) -> None:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Compare):
                for i, op in enumerate(sub.ops):
                    if type(op) in COMPARE_SWAP:
                        new = COMPARE_SWAP[type(op)].__name__
                        self.add(sub, f"compare:{i}", f"{type(op).__name__} -> {new}")
            elif isinstance(sub, ast.BoolOp):
                self.add(sub, "boolop", "and <-> or")
            elif isinstance(sub, ast.UnaryOp) and isinstance(sub.op, ast.Not):
                self.add(sub, "drop_not", "`not` dropped")
            elif isinstance(sub, ast.Constant) and isinstance(sub.value, bool):
                self.add(sub, "flip_bool", f"{sub.value} -> {not sub.value}")
            elif (
                isinstance(sub, ast.Call)
                and isinstance(sub.func, ast.Attribute)
                and sub.func.attr in QUERY_METHODS
            ):
                for i, keyword in enumerate(sub.keywords):
                    if keyword.arg is not None:
                        self.add(sub, f"drop_kw:{i}", f".{sub.func.attr}() loses {keyword.arg}=")

    def statements(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.If):
            guard = _raises(node.body, GUARD_EXCEPTIONS)
            if self.whole or guard:
                self.expression(node.test)
                if not isinstance(node.test, ast.Compare | ast.UnaryOp | ast.BoolOp):
                    self.add(node, "negate_if", "condition negated")
            if guard and not self.whole:
                for inner in node.body:
                    if isinstance(inner, ast.Raise):
                        self.add(inner, "delete", "raise left out")
            self.statements(node.body)
            self.statements(node.orelse)
            return
        if not self.whole:
            # Only the checks: an if that raises (above), and calls to _require_* helpers.
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                func = node.value.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name.startswith(("_require", "require_")):
                    self.add(node, "delete", f"{name}() not called")
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    self.statement(child)
                elif isinstance(child, ast.ExceptHandler):
                    self.statements(child.body)
            return
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self.add(node, "delete", "call left out")
            self.expression(node.value)
        elif isinstance(node, ast.Assign | ast.AugAssign) and any(
            isinstance(t, ast.Attribute | ast.Subscript | ast.Tuple)
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        ):
            self.add(node, "delete", "assignment left out")
            self.expression(node.value)
        elif isinstance(node, ast.Raise):
            self.add(node, "delete", "raise left out")
        elif isinstance(node, ast.Return) and node.value is not None:
            self.expression(node.value)
        elif isinstance(node, ast.For | ast.With | ast.Try):
            if isinstance(node, ast.For):
                self.expression(node.iter)
            for attr in ("body", "orelse", "finalbody"):
                self.statements(getattr(node, attr, []) or [])
            for handler in getattr(node, "handlers", []) or []:
                self.statements(handler.body)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.expression(child)


def mutations_of(path: str, kinds: dict[str, str]) -> list[Mutant]:
    tree = ast.parse((ROOT / path).read_text())
    mutants: list[Mutant] = []
    for name, function in _functions(tree):
        if name not in kinds:
            continue
        collector = Collector(whole=kinds[name] == "whole")
        collector.statements(function.body)
        for node, _kind, description in collector.found:
            mutants.append(
                Mutant(
                    path=path,
                    qualname=name,
                    line=node.lineno,  # type: ignore[attr-defined]
                    end_line=node.end_lineno or node.lineno,  # type: ignore[attr-defined]
                    description=description,
                    index=len(mutants),
                )
            )
    return mutants


def apply(tree: ast.Module, mutant: Mutant, kinds: dict[str, str]) -> ast.Module:
    """The module's tree with this one mutation made."""
    tree = copy.deepcopy(tree)
    count = 0
    for name, function in _functions(tree):
        if name not in kinds:
            continue
        collector = Collector(whole=kinds[name] == "whole")
        collector.statements(function.body)
        for node, kind, _description in collector.found:
            if count == mutant.index:
                _mutate(function, node, kind)
                return ast.fix_missing_locations(tree)
            count += 1
    raise LookupError(mutant.label)


def _mutate(function: ast.FunctionDef, node: ast.AST, kind: str) -> None:
    if kind.startswith("compare:"):
        assert isinstance(node, ast.Compare)
        i = int(kind.split(":")[1])
        node.ops[i] = COMPARE_SWAP[type(node.ops[i])]()
    elif kind == "boolop":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "drop_not":
        assert isinstance(node, ast.UnaryOp)
        _replace(function, node, node.operand)
    elif kind == "flip_bool":
        assert isinstance(node, ast.Constant)
        node.value = not node.value
    elif kind.startswith("drop_kw:"):
        assert isinstance(node, ast.Call)
        del node.keywords[int(kind.split(":")[1])]
    elif kind == "negate_if":
        assert isinstance(node, ast.If)
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
    elif kind == "delete":
        _replace(function, node, ast.Pass())
    else:
        raise ValueError(kind)


def _replace(root: ast.AST, old: ast.AST, new: ast.AST) -> None:
    ast.copy_location(new, old)
    for parent in ast.walk(root):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                setattr(parent, name, [new if item is old else item for item in value])
                return
    raise LookupError("node not found")


# --- running ----------------------------------------------------------------------


def _find_code(code: types.CodeType, qualname: str) -> types.CodeType | None:
    if code.co_qualname == qualname:
        return code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found = _find_code(const, qualname)
            if found is not None:
                return found
    return None


def _live_function(module: types.ModuleType, qualname: str) -> types.FunctionType:
    parts = qualname.split(".")
    obj: object = module
    for i, part in enumerate(parts):
        obj = vars(obj)[part] if i else getattr(obj, part)
    for attr in ("fget", "func", "__func__"):
        if hasattr(obj, attr) and not isinstance(obj, types.FunctionType):
            obj = getattr(obj, attr)
    while hasattr(obj, "__wrapped__"):
        obj = obj.__wrapped__
    assert isinstance(obj, types.FunctionType), qualname
    return obj


def _module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def _setup_django(worker: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")
    os.environ["TESTING"] = "1"
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        WORK / f"test-{worker}.sqlite3"
    )
    import django

    django.setup()


def _use_worker_database(worker: int) -> None:
    from django.conf import settings

    # Each worker keeps its own test database on disk between mutants (--reuse-db).
    # Changed in place: Django may already hold this very dict.
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        WORK / f"test-{worker}.sqlite3"
    )


def _start_child(args: list[str], mutant: Mutant, kinds: dict[str, str], worker: int) -> int:
    """Fork; in the child, swap in the mutant's code and run pytest. Returns the child's pid."""
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            if not VERBOSE:
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
            _use_worker_database(worker)
            import importlib

            module = importlib.import_module(_module_name(mutant.path))
            tree = apply(ast.parse((ROOT / mutant.path).read_text()), mutant, kinds)
            compiled = compile(tree, str(ROOT / mutant.path), "exec")
            new = _find_code(compiled, mutant.qualname)
            assert new is not None, mutant.label
            _live_function(module, mutant.qualname).__code__ = new
            import pytest

            code = int(pytest.main(args))
        finally:
            os._exit(code)
    return pid


class LineMap:
    """A pytest plugin: which test reaches which line, by coverage.py with one context per test."""

    def __init__(self, files: list[str]) -> None:
        import coverage

        self.coverage = coverage.Coverage(data_file=None, include=files, branch=False)
        self.seconds: dict[str, float] = {}
        self.failed: set[str] = set()
        self.started = 0.0

    def pytest_sessionstart(self, session: Any) -> None:
        self.coverage.start()

    def pytest_runtest_setup(self, item: Any) -> None:
        self.coverage.switch_context(item.nodeid)
        self.started = time.monotonic()

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        self.seconds[nodeid] = time.monotonic() - self.started

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed:
            self.failed.add(report.nodeid)

    def result(self) -> dict[str, Any]:
        self.coverage.stop()
        data = self.coverage.get_data()
        lines: dict[str, list[str]] = {}
        for path in data.measured_files():
            for line, contexts in data.contexts_by_lineno(path).items():
                # A test that fails with no mutant cannot tell us anything: left out.
                lines[f"{path}:{line}"] = sorted(c for c in contexts if c and c not in self.failed)
        return {"seconds": self.seconds, "lines": lines, "failed": sorted(self.failed)}


def line_map(files: list[str], tests: list[str]) -> dict[str, dict[str, Any]]:
    """Which test reaches which line of the mutated files: one measured run of every test."""
    out = WORK / "lines.json"
    fingerprint = hashlib.sha256()
    for name in sorted({*files, *tests, "conftest.py", "ustogether/core/testing.py"}):
        fingerprint.update(name.encode() + (ROOT / name).read_bytes())
    stamp = WORK / "lines.fingerprint"
    if out.exists() and stamp.exists() and stamp.read_text() == fingerprint.hexdigest():
        print("  (the tests and the code have not changed since the last map: reusing it)")
        return json.loads(out.read_text())
    out.unlink(missing_ok=True)
    groups = [tests[i::JOBS] for i in range(JOBS) if tests[i::JOBS]]
    children = []
    for worker, group in enumerate(groups):
        part = WORK / f"lines-{worker}.json"
        part.unlink(missing_ok=True)
        pid = os.fork()
        if pid == 0:
            code = 3
            try:
                import pytest

                _use_worker_database(worker)
                plugin = LineMap([str(ROOT / f) for f in files])
                args = [a for a in [*group, *PYTEST_ARGS, "--create-db"] if a != "-x"]
                code = int(pytest.main(args, plugins=[plugin]))
                part.write_text(json.dumps(plugin.result()))
            finally:
                os._exit(code)
        children.append((pid, part))
    merged: dict[str, Any] = {"seconds": {}, "lines": defaultdict(list), "failed": []}
    for pid, part in children:
        os.waitpid(pid, 0)
        if not part.exists():
            raise SystemExit("The tests could not be run: see the output above.")
        found = json.loads(part.read_text())
        merged["seconds"].update(found["seconds"])
        merged["failed"] += found["failed"]
        for key, nodes in found["lines"].items():
            merged["lines"][key] += nodes
    out.write_text(json.dumps(merged))
    mapped: dict[str, Any] = json.loads(out.read_text())
    if mapped["failed"]:
        print(f"  ! these tests fail with no mutant, so they are left out: {mapped['failed']}")
    else:
        stamp.write_text(fingerprint.hexdigest())
    return mapped


PYTEST_ARGS = [
    "-q",
    "-x",
    "-p",
    "no:randomly",
    "-p",
    "no:cacheprovider",
    "--reuse-db",
    "-m",
    "not e2e",
]
VERBOSE = False
JOBS = 1
TIMEOUT = 300


def _time_limit(mutant: Mutant, seconds: dict[str, float]) -> float:
    """How long a mutant's tests may run before it counts as caught (looping for ever).

    Five times what its tests took with no mutant, and a minute more for starting
    up, but never over TIMEOUT: a mutant that loops then costs a minute, not five.
    """
    expected = sum(seconds.get(test, 1.0) for test in mutant.tests)
    return min(TIMEOUT, 60 + 5 * expected)


def _print_stale(explained: list[Explained]) -> None:
    stale = [e for e in explained if not e.used]
    if stale:
        print(f"\n! In {EXPLAINED_FILE.name} but no mutant matches (the line changed?):")
        for entry in stale:
            print(f"  {entry.path} in {entry.function}: {entry.change}: {entry.line}")


def main() -> int:
    global VERBOSE, JOBS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="only modules whose path contains this")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("-v", action="store_true", help="show pytest output")
    parser.add_argument(
        "--tests", nargs="*", help="test files to use (default: all that may reach)"
    )
    parser.add_argument("-j", type=int, default=1, help="mutants to run at once")
    options = parser.parse_args()
    VERBOSE = options.v
    JOBS = max(1, options.j)
    os.chdir(ROOT)
    WORK.mkdir(parents=True, exist_ok=True)

    targets = {p: k for p, k in target_modules().items() if options.only in p}
    mutants = [m for path, kinds in targets.items() for m in mutations_of(path, kinds)]
    explained = [e for e in load_explained() if e.path in targets]
    reasons = {(m.path, m.index): e for m in mutants if (e := explanation(m, explained))}
    if options.list:
        for mutant in mutants:
            mark = "  (explained)" if (mutant.path, mutant.index) in reasons else ""
            print(mutant.label + mark)
        print(f"{len(mutants)} mutants, {len(reasons)} of them explained")
        _print_stale(explained)
        return 0

    _setup_django(0)
    import importlib

    for path in targets:
        importlib.import_module(_module_name(path))
    tests = options.tests or sorted(
        str(p.relative_to(ROOT))
        for p in PACKAGE.glob("*/tests/test_*.py")
        if p.name not in SKIP_TESTS
    )
    started = time.monotonic()
    print(f"Mapping which of {len(tests)} test files reach which line ...", flush=True)
    mapped = line_map(list(targets), tests)
    lines, seconds = mapped["lines"], mapped["seconds"]
    print(f"  done in {time.monotonic() - started:.0f} s", flush=True)

    results: dict[str, list[tuple[Mutant, bool]]] = defaultdict(list)
    for mutant in mutants:
        reach: set[str] = set()
        for line in range(mutant.line, mutant.end_line + 1):
            reach.update(lines.get(f"{ROOT / mutant.path}:{line}", []))
        # Quickest first: with -x, a caught mutant stops at the first test that fails.
        mutant.tests = sorted(reach, key=lambda t: (seconds.get(t, 0), t))
    waiting = list(mutants)
    running: dict[int, tuple[Mutant, int, float]] = {}  # pid: (mutant, worker, started)
    done = 0

    def finish(mutant: Mutant, code: int | None) -> None:
        nonlocal done
        done += 1
        if code is None:
            caught = False
        else:
            caught = code == 1
            if code not in (0, 1):
                print(f"  ! pytest ended with code {code} for {mutant.label}", flush=True)
                caught = code != 5  # 5: no tests ran
        results[mutant.path].append((mutant, caught))
        mark = "caught  " if caught else "SURVIVED"
        print(f"[{done}/{len(mutants)}] {mark} {mutant.label}", flush=True)

    while waiting or running:
        free = [w for w in range(JOBS) if w not in {r[1] for r in running.values()}]
        while waiting and free:
            mutant = waiting.pop(0)
            if not mutant.tests:
                finish(mutant, None)
                continue
            worker = free.pop(0)
            pid = _start_child([*mutant.tests, *PYTEST_ARGS], mutant, targets[mutant.path], worker)
            running[pid] = (mutant, worker, time.monotonic())
        for pid, (mutant, _worker, began) in list(running.items()):
            ended, status = os.waitpid(pid, os.WNOHANG)
            if ended:
                del running[pid]
                finish(mutant, os.waitstatus_to_exitcode(status))
            elif time.monotonic() - began > _time_limit(mutant, seconds):
                # A mutant that makes the code loop for ever is caught: the tests never pass.
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                del running[pid]
                finish(mutant, 124)
        time.sleep(0.05)

    def is_explained(mutant: Mutant) -> bool:
        return (mutant.path, mutant.index) in reasons

    print("\nShare of mutants the tests caught (explained survivors left out):")
    total = caught_total = 0
    for path, outcomes in results.items():
        caught = sum(1 for _m, c in outcomes if c)
        left_out = sum(1 for m, c in outcomes if not c and is_explained(m))
        counted = len(outcomes) - left_out
        total += counted
        caught_total += caught
        share_here = 100 * caught / counted if counted else 100.0
        note = f"; {left_out} explained, so {caught} of {len(outcomes)} in all" if left_out else ""
        print(f"  {path}: {caught} of {counted} ({share_here:.0f}%{note})")
    share = 100 * caught_total / total if total else 100.0
    print(f"  all: {caught_total} of {total} ({share:.1f}%)")
    kept = [m for outcomes in results.values() for m, c in outcomes if c and is_explained(m)]
    if kept:
        print("\n! Listed as explained, but a test catches it: take it off the list")
        for mutant in kept:
            print(f"  {mutant.label}")
    explained_survivors = [
        m for outcomes in results.values() for m, c in outcomes if not c and is_explained(m)
    ]
    if explained_survivors:
        print(f"\nExplained ({EXPLAINED_FILE.name}: survivors that are not a gap, and why):")
        for mutant in explained_survivors:
            print(f"  {mutant.label}\n      {reasons[(mutant.path, mutant.index)].reason}")
    _print_stale(explained)
    survivors = [m for outcomes in results.values() for m, c in outcomes if not c]
    survivors = [m for m in survivors if not is_explained(m)]
    if survivors:
        print("\nSurvivors (a change no test noticed):")
        for mutant in survivors:
            reached = (
                f"{len(mutant.tests)} tests reach it" if mutant.tests else "no test reaches it"
            )
            print(f"  {mutant.label} ({reached})")
    print(f"\nTook {time.monotonic() - started:.0f} s.")
    return 0 if share >= 90 else 1


if __name__ == "__main__":
    sys.exit(main())
