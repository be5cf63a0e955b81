"""Reading a plan's YAML (JSON is YAML too) with the line of every part, and writing it back:
YAML 1.2's plain values on both sides, guarded against files that multiply through aliases, and
syntax errors explained in words that can be translated. Every error is a PlanError."""

from __future__ import annotations

import re

import yaml

from ..errors import DomainError, N_

# A small file can still describe a huge tree through YAML aliases ("billion laughs"): stop early.
MAX_NODES = 20_000
MAX_DEPTH = 20


class PlanError(DomainError):
    """A plan that cannot be imported. `line` is the 1-based line of the file it is about (None
    for the file as a whole). When one of the domain's validators (or a kind) refused a value,
    `detail` is its own error and the message holds it as ``%(problem)s``: translate `detail`
    first and pass it in (facilitation/web/plans.py does); ``str(error)`` is the whole message in
    English."""

    code = "invalid_plan"
    status = 400

    def __init__(self, message: str, *, detail: DomainError | None = None, **params):
        if detail is not None:
            params["problem"] = str(detail)
        super().__init__(message, **params)
        self.detail = detail
        self.line = params.get("line")


_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

# YAML 1.2's core schema: only true and false are yes/no values, and `yes`, `no`, `on`, `off`,
# times like 10:30, dates and numbers with leading zeros stay texts (YAML 1.1, PyYAML's default,
# would turn a poll with the options Yes and No into true and false).
_RESOLVERS = (
    (_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789"),
    (
        _FLOAT_TAG,
        re.compile(
            r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"
            r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
        ),
        "-+0123456789.",
    ),
)


class _PlanLoader(yaml.SafeLoader):
    """The safe loader with YAML 1.2's plain scalars (see _RESOLVERS)."""


_PlanLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG, _TIMESTAMP_TAG)
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _PlanDumper(yaml.SafeDumper):
    """The safe dumper, indenting lists under their key. It quotes every text that YAML 1.1 or
    1.2 would read as something else, so other YAML tools read the file the same way."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_PlanDumper.yaml_implicit_resolvers = {
    first: list(resolvers) for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
for _tag, _regexp, _first in _RESOLVERS:
    _PlanLoader.add_implicit_resolver(_tag, _regexp, list(_first))
    _PlanDumper.add_implicit_resolver(_tag, _regexp, list(_first))


_COLLECTION_TAGS = {
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs",
}


class _Walker:
    """Turns a composed YAML node tree into plain values, noting the line of every mapping entry
    and list item under its path (a tuple of keys and indexes), and the written text of every
    plain scalar that is not a text (so `title: 2026` can still be the title "2026")."""

    def __init__(self, loader: _PlanLoader):
        self.loader = loader
        self.lines: dict[tuple, int] = {}
        self.raw: dict[tuple, str] = {}
        self.count = 0

    def walk(self, node, path: tuple = (), depth: int = 0):
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise PlanError(
                N_("Line %(line)d: the plan is nested too deeply or has too many parts."), line=line
            )
        if isinstance(node, yaml.ScalarNode):
            value = self.loader.construct_object(node)
            if node.style is None and value is not None and not isinstance(value, str):
                self.raw[path] = node.value
            return value
        if node.tag not in _COLLECTION_TAGS:  # scalars' tags are checked by their constructor
            raise PlanError(
                N_("Line %(line)d, column %(column)d: this is not valid YAML or JSON: %(problem)s."),
                line=line,
                column=node.start_mark.column + 1,
                detail=DomainError(N_("a tag (!!…) that plans cannot use")),
            )
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        self.loader.flatten_mapping(node)  # merge keys (<<: *anchor)
        result = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise PlanError(N_("Line %(line)d: a field name must be a text."), line=key_line)
            key = key_node.value
            if key in result:
                raise PlanError(
                    N_("Line %(line)d: the field “%(name)s” appears twice."), line=key_line, name=key
                )
            self.lines[path + (key,)] = key_line
            result[key] = self.walk(value_node, path + (key,), depth + 1)
        return result


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character index of `text`."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


# PyYAML's words for the usual syntax errors, and what they mean for someone writing a plan (in
# words that can be translated: PyYAML's own are English only).
_YAML_PROBLEMS = (
    ("found character '\\t'", N_("a tab; indent with spaces")),
    ("mapping values are not allowed", N_("a colon (:) where none can be: a “name:” indented too far, "
                                          "or a text with a colon that needs quotes")),
    ("could not find expected ':'", N_("a colon (:) is missing after a field name")),
    ("expected ',' or ']'", N_("a list in [ ] is not closed, or a comma is missing")),
    ("expected ',' or '}'", N_("a set of fields in { } is not closed, or a comma is missing")),
    ("end of stream", N_("the file ends too early: a quote or bracket is left open")),
    ("undefined alias", N_("an alias (*name) without an anchor (&name)")),
    ("expected <block end>", N_("the indentation does not line up, or a text goes on after its quotes")),
    ("did not find expected key", N_("the indentation does not line up")),
)


def _yaml_problem(error: yaml.MarkedYAMLError) -> DomainError:
    """What a syntax error means, as a translatable message (PyYAML's words as the fallback's
    English detail are not shown to people: they are English only)."""
    words = " ".join(part for part in (error.context, error.problem) if part)
    for pattern, meaning in _YAML_PROBLEMS:
        if pattern in words:
            return DomainError(meaning)
    return DomainError(N_("the structure cannot be read here; check the indentation and the quotes"))


def _read(text: str):
    """Parse one YAML document into (value, lines, raw), or raise PlanError."""
    loader = None
    try:
        loader = _PlanLoader(text)
        root = loader.get_single_node()
        if root is None:
            raise PlanError(N_("The plan is empty."))
        walker = _Walker(loader)
        return walker.walk(root), walker.lines, walker.raw
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise PlanError(
            N_("Line %(line)d, column %(column)d: this is not valid YAML or JSON: %(problem)s."),
            line=mark.line + 1 if mark else 1,
            column=mark.column + 1 if mark else 1,
            detail=_yaml_problem(error),
        ) from None
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        raise PlanError(
            N_("Line %(line)d, column %(column)d: the plan holds a character that is not allowed (%(character)s)."),
            line=line,
            column=column,
            character=f"U+{error.character:04X}" if isinstance(error.character, int) else str(error.character),
        ) from None
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error above has a position
        raise PlanError(
            N_("Line %(line)d, column %(column)d: this is not valid YAML or JSON: %(problem)s."),
            line=1,
            column=1,
            problem=str(error),
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
