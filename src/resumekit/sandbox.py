"""ThemeSandbox: Jinja's sandbox, plus bounds on what a theme's template may ask of the machine.

Jinja's SandboxedEnvironment keeps a template away from Python's internals, not from asking
for ``9 ** 387420489``, ``'x' * 3000000000`` or ``'{:>1000000000}'.format(x)``: each is one
operation that runs for minutes or fills memory before anything could look at its result.
So each operator, method, filter and global that builds a big value in one go has its result
size estimated *before* it runs; every value an operator, call or filter makes, and every
namespace assignment, is measured after (that stops growth by repetition). Two ways of
building strings are Jinja's own code rather than a call it lets us intercept: ``a ~ b``, and
the output a macro, ``caller()``, ``{% set %}``/``{% filter %}`` block, ``self.block()`` or
an import collects in a list before joining it. A compiler subclass (_Compiler) routes both
through ThemeSandbox, which measures them as they grow. A render as a whole is bounded in
output, time and nesting (a macro or include calling itself). Each refusal is a
TemplateLimit, which html.render_html reports with the template's file and line.
"""

from __future__ import annotations

import functools
import re
import reprlib
import string
from collections.abc import Callable, Generator, Iterable, Mapping
from typing import Any, cast

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Namespace, generate_lorem_ipsum

from resumekit.deadline import deadline

#: Characters (or items) in one value a template makes; a resume page is a few thousand.
MAX_SIZE = 1_000_000
#: Bits of an integer: about 1,200 digits, well inside what Python will print.
MAX_BITS = 4_000
#: Numbers a range() may produce.
MAX_RANGE = 10_000
#: Characters one render may output.
MAX_OUTPUT = 20_000_000
#: Seconds one render may run (a real theme takes milliseconds).
MAX_SECONDS = 10

Estimate = Callable[..., int]


class TemplateLimit(SecurityError):
    """A template asked for more than any resume needs."""


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxlong = _REPR.maxother = 30
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 3


def _short(value: Any) -> str:
    """``value`` for a message, cut short without first printing all of it."""
    return _REPR.repr(value)


def _weight(value: Any, budget: int = MAX_SIZE) -> int:
    """About how many characters ``value`` becomes when printed or joined; counts only a
    little past ``budget``, so a huge or self-containing list costs no more than that."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    if not isinstance(value, (list, tuple, dict, set, frozenset)):
        return 1
    total = len(value)
    for item in value.items() if isinstance(value, dict) else value:
        if total > budget:
            break
        total += _weight(item, budget - total)
    return total


def _fits(what: str, size: int) -> None:
    """Refuse an operation whose result would be larger than MAX_SIZE."""
    if size > MAX_SIZE:
        raise TemplateLimit(f"{what} would make {size:,} characters or items; at most {MAX_SIZE:,}")


def _checked(value: Any, what: str) -> Any:
    """``value``, once it is known to be of a size a template may keep."""
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise TemplateLimit(f"number too large in {what} ({value.bit_length():,} bits)")
    _fits(what, _weight(value))
    return value


def _power(left: Any, right: Any) -> None:
    ints = isinstance(left, int) and isinstance(right, int)
    if ints and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_BITS:
        raise TemplateLimit(f"exponent too large in {_short(left)} ** {_short(right)}")


def _product(left: Any, right: Any) -> None:
    what = f"{_short(left)} * {_short(right)}"
    ints = isinstance(left, int) and isinstance(right, int)
    if ints and left.bit_length() + right.bit_length() > MAX_BITS:
        raise TemplateLimit(f"number too large in {what}")
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            _fits(what, _weight(seq) * times)


def _binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` when its result would be too large to make."""
    if operator == "**":
        _power(left, right)
    elif operator == "*":
        _product(left, right)
    elif operator == "%" and isinstance(left, str):
        _fits(f"{_short(left)} % {_short(right)}", _printf_size(left, right))


_PRINTF = re.compile(r"%(?:\([^)]*\))?([-#0 +]*[\d*]*(?:\.[\d*]*)?)")


def _printf_size(fmt: str, args: Any) -> int:
    """Size of ``fmt % args``: the format, its widths and precisions, and the values."""
    specs = _PRINTF.findall(fmt)
    if any("*" in spec for spec in specs):
        raise TemplateLimit("'*' widths in % formats are not allowed; write the number")
    return len(fmt) + _widths("".join(specs)) + _weight(args)


def _format_size(fmt: str, args: Any, kwargs: Any) -> int:
    """Size of ``fmt.format(*args, **kwargs)``."""
    specs = [spec or "" for _, _, spec, _ in string.Formatter().parse(fmt)]
    if any("{" in spec for spec in specs):
        raise TemplateLimit("nested {} fields in a format spec are not allowed; write the number")
    return len(fmt) + _widths("".join(specs)) + _weight(args) + _weight(kwargs)


def _widths(specs: str) -> int:
    return sum(int(number) for number in re.findall(r"\d+", specs))


def _joined(sep: str, items: Any) -> int:
    count = len(items) if hasattr(items, "__len__") else 0
    return _weight(items) + len(str(sep)) * count


def _replaced(text: Any, old: str, new: str, *count: Any) -> int:
    text = str(text)
    hits = len(text) + 1 if not old else text.count(str(old))
    return len(text) + hits * len(str(new))


def _translated(text: str, table: Any) -> int:
    values = table.values() if isinstance(table, dict) else ()
    return len(text) * max((_weight(v) for v in values), default=1)


def _indented(text: Any, width: Any = 4, first: bool = False, blank: bool = False) -> int:
    text = str(text)
    prefix = width if isinstance(width, int) else len(str(width))
    return len(text) + (text.count("\n") + 1) * prefix


def _wrapped(
    text: Any,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: Any = None,
    break_on_hyphens: bool = True,
) -> int:
    return len(str(text)) * (1 + len(str(wrapstring or "\n")))


#: str methods that can build a big string in one call, with their result's size.
_STR_METHODS: dict[str, Estimate] = {
    "center": lambda s, width, *fill: width,
    "ljust": lambda s, width, *fill: width,
    "rjust": lambda s, width, *fill: width,
    "zfill": lambda s, width: width,
    "expandtabs": lambda s, tabsize=8: len(s) * max(tabsize, 1),
    "join": _joined,
    "replace": _replaced,
    "translate": _translated,
}

#: Jinja filters likewise (their first argument is the filtered value).
_FILTERS: dict[str, Estimate] = {
    "center": lambda value, width=80: width,
    "indent": _indented,
    "wordwrap": _wrapped,
    "format": lambda value, *args, **kwargs: _printf_size(str(value), kwargs or args),
    "join": lambda value, d="", attribute=None: _joined(d, value),
    "replace": _replaced,
    "batch": lambda value, linecount, fill_with=None: linecount,
    "slice": lambda value, slices, fill_with=None: slices,
    "tojson": lambda value, indent=None: _weight(value) * (1 + (indent or 0)),
}


def _lipsum_size(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> int:
    return n * max * 10  # words of up to ten characters


def _bounded(name: str, func: Callable[..., Any], estimate: Estimate) -> Callable[..., Any]:
    """``func`` (a filter or global) checked before by ``estimate`` and after by _checked."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # context argument

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _fits(f"{name}()", estimate(*args[skip:], **kwargs))
        return _checked(func(*args, **kwargs), f"{name}()")

    return bounded


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(f"range of {len(numbers):,} numbers; at most {MAX_RANGE:,}")
    return numbers


class _Namespace(Namespace):
    """namespace(): what a loop keeps in it is measured, so it cannot double each time."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, _checked(value, f"namespace.{name}"))


class _Capture(list[str]):
    """Output collected to be joined into one value (Jinja's own buffers), counted as it
    grows: no output bound sees it, so a loop or a doubling macro could fill memory."""

    size = 0

    def append(self, chunk: str) -> None:
        self.size += len(chunk)
        _fits("output collected by a macro, call, block or import", self.size)
        super().append(chunk)

    def extend(self, chunks: Iterable[str]) -> None:
        for chunk in chunks:
            self.append(chunk)


class _Compiler(CodeGenerator):
    """Jinja's compiler, but ``a ~ b`` calls ThemeSandbox.call_concat and output collected
    in a list (macros, call, {% set %}/{% filter %} blocks, recursive loops) goes into a
    _Capture; Jinja writes both as plain Python that no sandbox hook sees."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.call_concat(context, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.capture()")


class _Template(jinja2.Template):
    """A template whose import (its module) collects its top-level output into a _Capture."""

    def make_module(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> TemplateModule:
        context = self.new_context(vars, shared, locals)
        body = _Capture()
        body.extend(self.root_render_func(context))
        return TemplateModule(self, context, body)


class ThemeSandbox(SandboxedEnvironment):
    """The environment theme templates run in: sandboxed, and bounded as described above."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _Compiler
    template_class = _Template
    capture = _Capture  # the list a macro, call or block collects its output in

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, estimate in _FILTERS.items():
            self.filters[name] = _bounded(name, self.filters[name], estimate)
        self.globals["lipsum"] = _bounded("lipsum", generate_lorem_ipsum, _lipsum_size)
        self.globals["range"] = _range
        self.globals["namespace"] = _Namespace

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _binop(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        return _checked(result, f"{_short(left)} {operator} {_short(right)}")

    def call_concat(self, context: Context, parts: tuple[Any, ...]) -> str:
        """``a ~ b ~ ...``, refused before joining when the parts add up to too much."""
        what = " ~ ".join(map(_short, parts[:3])) + (" ~ ..." if len(parts) > 3 else "")
        _fits(what, sum(_weight(part) for part in parts))
        join = markup_join if context.eval_ctx.autoescape else str_join
        return cast(str, _checked(join(parts), what))

    def concat(self, chunks: Iterable[str]) -> str:
        """Join collected output: Jinja's hook for buffers, self.block() and super()."""
        captured = _Capture()
        captured.extend(chunks)
        return "".join(captured)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "call")
        estimate = _STR_METHODS.get(name) if isinstance(owner, str) else None
        if estimate:
            _fits(f"{name}()", estimate(owner, *args, **kwargs))
        result = _checked(super().call(__context, __obj, *args, **kwargs), f"{name}()")
        if isinstance(owner, (list, dict, set)):
            _checked(owner, f"{name}()")
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map, with the size of their result estimated first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__

        @functools.wraps(wrapped)
        def bounded(*args: Any, **kwargs: Any) -> str:
            _fits(f"{value.__name__}()", _format_size(fmt, args, kwargs))
            return wrapped(*args, **kwargs)

        return bounded


def render(template: jinja2.Template, **context: Any) -> str:
    """The template's output, refused past MAX_OUTPUT characters, MAX_SECONDS, or when
    templates nest so deep (a macro or include calling itself) that Python's stack ends."""
    chunks = cast(Generator[str, None, None], template.generate(**context))
    out, size = [], 0
    try:
        timeout = f"the template ran longer than {MAX_SECONDS} seconds"
        with deadline(MAX_SECONDS, lambda: TemplateLimit(timeout)):
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_OUTPUT:
                    chunks.throw(TemplateLimit(f"output is over {MAX_OUTPUT:,} characters"))
                out.append(chunk)
    except RecursionError as exc:
        message = "templates nest too deeply: does a macro or include call itself?"
        raise TemplateLimit(message).with_traceback(exc.__traceback__) from None
    return "".join(out)
