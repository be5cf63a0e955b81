"""The mutation scores of the counting core, read from what `mutmut run` left in mutants/.

    python scripts/mutation_report.py --names [MODULE]   the mutant names `make mutate` runs
    python scripts/mutation_report.py [MODULE]           per-module table, then every survivor

The scope (docs/testing.md): every module of facilitation/kinds/, facilitation/segments.py and
the answer path, facilitation/answers.py (storing answers and votes, one or a batch at a time).
MODULE narrows it to one file (facilitation/kinds/poll.py) or folder, or several separated by
spaces.

A *message-text* mutant changes only the arguments of the exception a `raise` builds: the
wording of an error message or its placeholders. It is counted, and also left out of the last
column. The error's class (its code for clients) is not a message text.
"""

from __future__ import annotations

import ast
import difflib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"

SCOPE = ["facilitation/kinds", "facilitation/segments.py", "facilitation/answers.py"]

# mutmut's exit codes (mutmut/stats.py): 1 and 3 mean a test failed; the timeouts are reported
# apart but count as caught (the mutant made the tests hang, which a person notices).
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}


def patterns(module: str | None) -> list[str]:
    """The mutmut name patterns of the scope, or of some of its modules or folders (separated
    by spaces)."""
    targets = [target.rstrip("/") for target in module.split()] if module else SCOPE
    names = []
    for target in targets:
        dotted = target.removesuffix(".py").replace("/", ".")
        if target.endswith("__init__.py"):
            names.append(dotted.removesuffix(".__init__") + ".x*")
        elif target.endswith(".py"):
            names.append(f"{dotted}.*")
        elif (ROOT / target).is_dir():
            names.append(f"{dotted}.*")
        else:
            sys.exit(f"{target}: not a module of the mutation scope {SCOPE}")
    return names


@dataclass
class Group:
    total: int = 0
    caught: int = 0
    messages: int = 0
    messages_caught: int = 0
    timeouts: int = 0
    survivors: list[str] = field(default_factory=list)

    def row(self, name: str) -> str:
        plain_total = self.total - self.messages
        plain_caught = self.caught - self.messages_caught
        return (
            f"| {name} | {self.caught} / {self.total} | {percent(self.caught, self.total)} | "
            f"{plain_caught} / {plain_total} | {percent(plain_caught, plain_total)} | "
            f"{self.messages - self.messages_caught} of {self.messages} |"
        )


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def functions_of(mutated_file: Path) -> dict[str, ast.AST]:
    """Every function of a mutated file by name (mutmut's originals and mutants)."""
    tree = ast.parse(mutated_file.read_text())
    return {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def first_difference(a: ast.AST, b: ast.AST, ancestors: tuple = ()) -> tuple | None:
    """The ancestors of the first node where two trees differ (the node itself last)."""
    if type(a) is not type(b):
        return ancestors + (a,)
    for name, left in ast.iter_fields(a):
        right = getattr(b, name, None)
        if isinstance(left, list):
            if not isinstance(right, list) or len(left) != len(right):
                return ancestors + (a, name)
            for x, y in zip(left, right):
                found = first_difference(x, y, ancestors + (a, name)) if isinstance(x, ast.AST) else (
                    None if x == y else ancestors + (a, name)
                )
                if found:
                    return found
        elif isinstance(left, ast.AST):
            found = first_difference(left, right, ancestors + (a, name))
            if found:
                return found
        elif left != right and name not in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
            return ancestors + (a, name)
    return None


def is_message_text(original: ast.FunctionDef, mutant: ast.FunctionDef) -> bool:
    """True when the mutant differs only in the arguments of a raised exception."""
    path = first_difference(ast.Module(original.body, []), ast.Module(mutant.body, []))
    if path is None:
        return False
    for i, node in enumerate(path):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            rest = path[i + 1:]
            # raise → "exc" → Call → "args"/"keywords" …: inside the arguments, not the class.
            return len(rest) >= 3 and rest[1] is node.exc and rest[2] in ("args", "keywords")
    return False


def diff(original: ast.FunctionDef, mutant: ast.FunctionDef, source: str) -> str:
    before = ast.get_source_segment(source, original).splitlines()
    after = ast.get_source_segment(source, mutant).splitlines()
    after[0] = before[0]
    return "\n".join(
        line for line in difflib.unified_diff(before, after, lineterm="", n=1) if not line.startswith(("---", "+++"))
    )


def report(module: str | None) -> int:
    wanted = patterns(module)
    import fnmatch

    groups: dict[str, Group] = {}
    survivors_text = []
    for meta in sorted(MUTANTS.glob("facilitation/**/*.py.meta")):
        relative = meta.relative_to(MUTANTS).as_posix().removesuffix(".meta")
        mutated = MUTANTS / relative
        exit_codes = json.loads(meta.read_text())["exit_code_by_key"]
        in_scope = {
            key: code for key, code in exit_codes.items()
            if any(fnmatch.fnmatch(key, pattern) for pattern in wanted)
        }
        if not in_scope:
            continue
        source = mutated.read_text()
        functions = functions_of(mutated)
        for key, code in sorted(in_scope.items(), key=lambda item: mutant_order(item[0])):
            mutant_name = key.rsplit(".", 1)[1]
            function = mutant_name.rsplit("__mutmut_", 1)[0]
            plain = function.removeprefix("x_").split("ǁ")[-1]
            group = relative.removeprefix("facilitation/")
            g = groups.setdefault(group, Group())
            original, changed = functions[function + "__mutmut_orig"], functions[mutant_name]
            message = is_message_text(original, changed)
            caught = code in KILLED or code in TIMEOUT
            g.total += 1
            g.caught += caught
            g.messages += message
            g.messages_caught += message and caught
            g.timeouts += code in TIMEOUT
            if not caught:
                status = {0: "survived", 33: "no tests", 5: "no tests", None: "not run"}.get(code, f"exit {code}")
                label = " (message text)" if message else ""
                survivors_text.append(f"{key}: {status}{label}\n{diff(original, changed, source)}\n")
    if not groups:
        print("No results: run `make mutate` first.")
        return 1
    total = Group()
    print("| module | killed / all | score | without message text | score | message-text survivors |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, g in sorted(groups.items()):
        print(g.row(f"`{name}`"))
        for attribute in ("total", "caught", "messages", "messages_caught", "timeouts"):
            setattr(total, attribute, getattr(total, attribute) + getattr(g, attribute))
    print(total.row("all"))
    if total.timeouts:
        print(f"\n({total.timeouts} timeouts counted as killed.)")
    print(f"\n{len(survivors_text)} survivors (docs/testing.md lists the equivalent ones):\n")
    print("\n".join(survivors_text))
    return 0


def mutant_order(key: str):
    name, _, number = key.rpartition("__mutmut_")
    return name, int(number) if number.isdigit() else 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments and arguments[0] == "--names":
        print(" ".join(patterns(" ".join(arguments[1:]) or None)))
    else:
        sys.exit(report(" ".join(arguments) or None))
