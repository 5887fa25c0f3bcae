"""Hypothesis strategies of raw inputs for a msgspec type, built from
`msgspec.inspect.type_info(T)`.

`hypothesis.strategies.from_type` ignores `Meta` constraints and only produces valid values;
the differential tests need both sides of every boundary. So these strategies yield the
*bytes* of JSON documents (written by hand, so that number spellings, escapes, duplicate keys
and malformed text can be produced) that are valid for the type most of the time and
near-valid otherwise:

- numbers at each bound and ±1 (or the neighbouring floats), multiples and non-multiples,
  integers beyond 64 bits and beyond Python's 4300-digit limit, floats written as integers and
  integers written as floats (`1.0`, `1e2`), `-0`, overflowing floats (`1e400`);
- strings of every length around the bounds, regex-generated strings (Python semantics),
  Unicode, every escape form, lone surrogates (`"\\ud800"`), invalid escapes, raw control
  characters, invalid UTF-8, long strings;
- objects with missing, extra, duplicated, escaped and near-miss keys; lists around their
  length bounds; wrong JSON types and `null` everywhere;
- document-level damage: truncation, trailing garbage, BOM, byte flips, deep nesting.

For parameters, `param_texts(info)` yields the *text* of one query/path value (the tests
percent-encode it).

Strategies are built once per type and depth (drawing never builds new strategies: hypothesis
validates every new strategy, which would dominate the run time).
"""

from __future__ import annotations

import functools
import math
import random
import string
import urllib.parse
from collections.abc import Callable
from typing import Any

import msgspec.inspect as mi
from hypothesis import strategies as st

from diff_texts import choice_values, neighbours_of, str_like_texts

Gen = st.SearchStrategy[bytes]

#: Native validation refuses documents nested deeper than this (bolt-runtime
#: `validate::MAX_NESTING_DEPTH`); msgspec goes on to Python's recursion limit.
MAX_NESTING_DEPTH = 256
#: How deep generated Structs/lists/dicts recurse before only required parts are produced.
MAX_TREE_DEPTH = 4

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
U64_MAX = 2**64 - 1

JSON_WHITESPACE = [b"", b"", b"", b" ", b"\n", b"\t", b"\r\n", b"  \n\t"]
spaces_strategy = st.lists(st.sampled_from(JSON_WHITESPACE), min_size=1, max_size=3)

# JSON values of every kind, for "wrong type" slots.
WRONG_VALUES = [
    b"null",
    b"true",
    b"false",
    b"0",
    b"1",
    b"-1",
    b"0.5",
    b"-2.5e3",
    b'""',
    b'"1"',
    b'"true"',
    b'"null"',
    b"[]",
    b"[1]",
    b'[{"x":1}]',
    b"{}",
    b'{"x":1}',
]
wrong_values = st.sampled_from(WRONG_VALUES)

# Bytes that are not UTF-8 (or encode what UTF-8 forbids): a stray continuation byte, a
# truncated sequence, an overlong form, an encoded surrogate, beyond U+10FFFF, 0xFF.
INVALID_UTF8 = [b"\x80", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xff", b"\xe2\x82"]

# Escapes that are not valid JSON, or not valid UTF-16.
BAD_ESCAPES = [
    b"\\ud800",
    b"\\udc00",
    b"\\ud800\\u0041",
    b"\\udbff\\udbff",
    b"\\ud800\\",
    b"\\x41",
    b"\\u12",
    b"\\uZZZZ",
    b"\\'",
    b"\\U0041",
    b"\\",
]
# What a damaged string may have spliced in (None: nothing).
STRING_DAMAGE = [None] * 24 + [*BAD_ESCAPES, *INVALID_UTF8, b"\x00", b"\x1f", b"\n", b"\t", b"\x7f", b'"']
string_damage = st.sampled_from(STRING_DAMAGE)

SHORT_ESCAPES = {'"': b'\\"', "\\": b"\\\\", "\b": b"\\b", "\f": b"\\f", "\n": b"\\n", "\r": b"\\r", "\t": b"\\t"}

seeds = st.integers(0, 2**32 - 1)


def weighted(*choices: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """`one_of` with integer weights. (`one_of` itself picks branches uniformly, repeated
    branches included; the roll comes from a seed, which hypothesis draws without bias.)"""
    total = sum(weight for weight, _ in choices)

    @st.composite
    def pick(draw: st.DrawFn) -> Any:
        roll = random.Random(draw(seeds)).randrange(total)
        for weight, strategy in choices:
            if roll < weight:
                return draw(strategy)
            roll -= weight
        raise AssertionError("unreachable")

    return pick()


# -- strings -----------------------------------------------------------------------------------


def escape_char(char: str, how: int) -> bytes:
    """One character as JSON string content: `how` picks raw UTF-8, a short escape or a
    `\\uXXXX` escape (a surrogate pair beyond the BMP)."""
    code = ord(char)
    if char in '"\\' or code < 0x20:
        if how % 2 == 0 and char in SHORT_ESCAPES:
            return SHORT_ESCAPES[char]
        return f"\\u{code:04X}".encode() if how % 4 == 1 else f"\\u{code:04x}".encode()
    if how == 3:
        if code > 0xFFFF:
            high, low = divmod(code - 0x10000, 0x400)
            return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04X}".encode()
        return f"\\u{code:04x}".encode()
    if char == "/" and how == 5:
        return b"\\/"
    return char.encode("utf-8")


def encode_string(text: str, seed: int = 0, damage: bytes | None = None) -> bytes:
    """`text` as a JSON string literal; `seed` escapes some characters (most stay raw),
    `damage` is spliced in somewhere (making the literal invalid, mostly)."""
    chooser = random.Random(seed)
    escape_rate = chooser.choice([0, 0, 0.1, 0.5, 1])
    parts = [escape_char(char, chooser.randrange(6) if chooser.random() < escape_rate else 0) for char in text]
    if damage is not None:
        parts.insert(chooser.randrange(len(parts) + 1), damage)
    return b'"' + b"".join(parts) + b'"'


def string_json(texts: st.SearchStrategy[str], damage: bool = False) -> Gen:
    return st.builds(encode_string, texts, seeds, string_damage if damage else st.none())


# Characters worth testing in strings: ASCII, Latin-1, combining marks, CJK, astral (emoji),
# whitespace of every kind, digits of other scripts, case-folding oddities, and the
# characters JSON escapes.
INTERESTING_CHARS = (
    'aZ09 _-."\\/\b\f\n\r\t\x00\x1f\x7f\x80\xa0\xad\xe9\xdf'
    "\u0130\u0131\u017f\u212a\u1e9e\u2028\u2029\u3000\u0660\u0966\uff10\u00b2\u2460\u1f00\u0301"
    "\u200b\u200d\ufeff\uffff\u4e2d\U0001f600\U0001d7ce\U00010000\U0010ffff\x1c\x1d\x1e\x85"
)
characters = st.one_of(
    st.sampled_from(INTERESTING_CHARS),
    st.characters(codec="utf-8"),
    st.sampled_from(string.ascii_letters + string.digits),
)
short_text = st.text(alphabet=characters, max_size=12)
long_text = st.one_of(
    st.text(alphabet=characters, min_size=200, max_size=1200),
    st.integers(1000, 70000).map("é".__mul__),
)


@functools.cache
def text_of_length(size: int) -> st.SearchStrategy[str]:
    return st.one_of(st.text(alphabet=characters, min_size=size, max_size=size), st.just("a" * size))


def length_strategy(min_length: int | None, max_length: int | None, default_max: int = 12) -> st.SearchStrategy[int]:
    """Sizes around the bounds: each bound, one past it, and anything in between."""
    low = min_length or 0
    high = max_length if max_length is not None else max(low + default_max, default_max)
    edges = {low, high, max(low - 1, 0), high + 1, 0, 1}
    return st.one_of(st.integers(low, high), st.sampled_from(sorted(edges)))


def texts_for(info: mi.StrType, long: bool = True) -> st.SearchStrategy[str]:
    """Python strings for a `str` type: by length around the bounds, by pattern, at random
    (and long ones, unless they go in a URL)."""
    sized = length_strategy(info.min_length, info.max_length).flatmap(text_of_length)
    options: list[st.SearchStrategy[str]] = [sized, sized, short_text]
    if long:
        options.append(long_text)
    if info.pattern is not None:
        matching = st.from_regex(info.pattern)
        tails = st.sampled_from(["\n", "\r\n", "\n\n", " ", "\x00"])
        with_tail = st.builds(lambda text, tail: text + tail, matching, st.one_of(tails, short_text))
        options += [matching, matching, with_tail]
    return st.one_of(options)


# -- numbers -----------------------------------------------------------------------------------


def spell_int(value: int, how: int) -> bytes:
    """An integer as JSON: plain (mostly), or spelled as a float (`1.0`, `1e0`), which
    msgspec refuses for `int` and takes for `float`."""
    plain = str(value).encode()
    if how < 6:
        return plain
    return [plain + b".0", plain + b"e0", plain + b"E+0", b"-0" if value == 0 else plain + b".00"][how - 6]


def int_candidates(info: mi.IntType) -> st.SearchStrategy[int]:
    low = info.ge if info.ge is not None else (info.gt + 1 if info.gt is not None else None)
    high = info.le if info.le is not None else (info.lt - 1 if info.lt is not None else None)
    edges: set[int] = {0, 1, -1, I64_MIN, I64_MAX, I64_MIN - 1, I64_MAX + 1, U64_MAX, U64_MAX + 1, 10**30, -(10**30)}
    for bound in (info.gt, info.ge, info.lt, info.le):
        if bound is not None:
            edges |= {bound - 1, bound, bound + 1}
    options: list[st.SearchStrategy[int]] = [st.integers(low, high), st.sampled_from(sorted(edges)), st.integers()]
    if info.multiple_of:
        step = info.multiple_of
        lo = None if low is None else -(-low // step)
        hi = None if high is None else high // step
        if lo is None or hi is None or lo <= hi:
            multiples = st.integers(lo, hi).map(lambda k: k * step)
            options += [multiples, multiples, multiples.map(lambda value: value + 1)]
    return st.one_of(options)


# Integers around Python's digit limit (4300 digits; msgspec counts the sign too).
HUGE_INTS = [sign + b"1" + b"0" * (digits - 1) for digits in (4299, 4300, 4301, 5000) for sign in (b"", b"-")]
huge_ints = st.sampled_from(HUGE_INTS)

ODD_NUMBERS = [
    b"1e400",
    b"-1e400",
    b"1e-400",
    b"1" + b"0" * 308,
    b"1" + b"0" * 309,
    b"-1" + b"0" * 309,
    b"0." + b"0" * 400 + b"1",
    b"1" + b"0" * 400 + b"e-100",
    b"123456789012345678901234567890",
    b"18446744073709551615",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"-0",
    b"-0.0",
    b"0e0",
    b"1E2",
    b"1E+2",
    b"0.5",
    b"1.7976931348623157e308",
    b"1.7976931348623159e308",
    b"4.9e-324",
    b"2.4e-324",
    b"9007199254740993",
]
odd_numbers = st.sampled_from(ODD_NUMBERS)


def int_json(info: mi.IntType) -> Gen:
    spelled = st.builds(spell_int, int_candidates(info), st.integers(0, 9))
    return weighted((6, spelled), (1, odd_numbers), (1, huge_ints))


def float_neighbours(value: float) -> list[float]:
    return [math.nextafter(value, -math.inf), value, math.nextafter(value, math.inf), value - 1, value + 1]


def float_candidates(info: mi.FloatType) -> st.SearchStrategy[float]:
    low = info.ge if info.ge is not None else info.gt
    high = info.le if info.le is not None else info.lt
    edges: set[float] = {0.0, -0.0, 1.0, -1.0, 1e308, -1e308, 5e-324, 2.0**53, 2.0**63, 2.0**64}
    for bound in (info.gt, info.ge, info.lt, info.le):
        if bound is not None:
            edges |= set(float_neighbours(float(bound)))
    inside = st.floats(
        min_value=None if low is None else float(low),
        max_value=None if high is None else float(high),
        exclude_min=info.gt is not None,
        exclude_max=info.lt is not None,
        allow_nan=False,
        allow_infinity=False,
    )
    options: list[st.SearchStrategy[float]] = [
        inside,
        st.sampled_from(sorted(edges)),
        st.floats(allow_nan=False, allow_infinity=False),
    ]
    if info.multiple_of:
        step = info.multiple_of
        multiples = st.integers(-(10**6), 10**6).map(lambda k: k * step)
        neighbours = st.builds(lambda value, index: float_neighbours(value)[index], multiples, st.integers(0, 4))
        options += [multiples, multiples, neighbours]
    return st.one_of(options).filter(math.isfinite)


def spell_float(value: float, how: int) -> bytes:
    """A float as JSON: its repr (mostly), integral values as integers, exponent forms."""
    if how < 5:
        return repr(value).encode()
    if how < 7 and value.is_integer():
        return (str(int(value)) if how == 5 else f"{int(value)}E0").encode()
    return (f"{value:.17e}" if how % 2 else f"{value:.3e}").encode()


def float_json(info: mi.FloatType) -> Gen:
    spelled = st.builds(spell_float, float_candidates(info), st.integers(0, 8))
    integers = st.builds(spell_int, int_candidates(mi.IntType()), st.just(0))
    return weighted((6, spelled), (1, integers), (1, odd_numbers), (1, huge_ints))


# -- documents ---------------------------------------------------------------------------------


def join_array(items: list[bytes], spaces: list[bytes]) -> bytes:
    if not items:
        return b"[" + spaces[0] + b"]"
    out = b"["
    for index, item in enumerate(items):
        pad = spaces[index % len(spaces)]
        out += (b"," if index else b"") + pad + item + pad
    return out + b"]"


def join_object(members: list[tuple[bytes, bytes]], spaces: list[bytes]) -> bytes:
    out = b"{"
    for index, (key, value) in enumerate(members):
        pad = spaces[index % len(spaces)]
        out += (b"," if index else b"") + pad + key + pad + b":" + pad + value + pad
    return out + b"}"


def nest(levels: int, kinds: list[bool]) -> bytes:
    """`levels` arrays/objects around `1`."""
    out = b"1"
    for level in range(levels):
        out = b'{"k":' + out + b"}" if kinds[level % len(kinds)] else b"[" + out + b"]"
    return out


def deep_nesting(depth: int, valid: bool = False) -> Gen:
    """Containers nested to around the native nesting limit, counted from the document root
    (`depth` containers are already open); `valid`: up to the limit only."""
    deltas = [-3, -2, -1, 0] if valid else [-2, -1, 0, 1, 2, 40]
    levels = st.sampled_from(deltas).map(lambda delta: max(1, MAX_NESTING_DEPTH - depth + delta))
    return st.builds(nest, levels, st.lists(st.booleans(), min_size=1, max_size=3))


def valid_ints(info: mi.IntType) -> st.SearchStrategy[int]:
    """Integers the type accepts: anywhere in range, at the bounds, multiples."""
    low = info.ge if info.ge is not None else (info.gt + 1 if info.gt is not None else None)
    high = info.le if info.le is not None else (info.lt - 1 if info.lt is not None else None)
    step = info.multiple_of or 1
    lo = None if low is None else -(-low // step)
    hi = None if high is None else high // step
    edges = [edge for edge in (lo, hi, 0, 1, -1, I64_MIN, I64_MAX, U64_MAX + 1) if edge is not None]
    edges = [edge for edge in edges if (lo is None or edge >= lo) and (hi is None or edge <= hi)]
    factors = st.one_of(st.integers(lo, hi), st.sampled_from(edges)) if edges else st.integers(lo, hi)
    return factors.map(lambda k: k * step)


def valid_floats(info: mi.FloatType) -> st.SearchStrategy[float]:
    """Floats the type accepts (mostly: `k * step` is not always a multiple for fmod)."""
    low = info.ge if info.ge is not None else info.gt
    high = info.le if info.le is not None else info.lt

    def inside(value: float) -> bool:
        return (
            math.isfinite(value)
            and (info.gt is None or value > info.gt)
            and (info.ge is None or value >= info.ge)
            and (info.lt is None or value < info.lt)
            and (info.le is None or value <= info.le)
        )

    if info.multiple_of:
        step = info.multiple_of
        factors = st.integers(
            None if low is None else math.floor(low / step) - 1,
            None if high is None else math.ceil(high / step) + 1,
        )
        return factors.map(lambda k: float(k * step)).filter(inside)
    edges: set[float] = {0.0, -0.0, 1.0, 1e308, -1e308, 5e-324, 2.0**64}
    for bound in (info.gt, info.ge, info.lt, info.le):
        if bound is not None:
            edges |= set(float_neighbours(float(bound)))
    edges = {edge for edge in edges if inside(edge)}
    ranged = st.floats(
        min_value=None if low is None else float(low),
        max_value=None if high is None else float(high),
        exclude_min=info.gt is not None,
        exclude_max=info.lt is not None,
        allow_nan=False,
        allow_infinity=False,
    ).filter(inside)
    return st.one_of(ranged, st.sampled_from(sorted(edges))) if edges else ranged


def spell_valid_float(value: float, how: int) -> bytes:
    """Spellings that read back as exactly `value`."""
    if how == 1 and value.is_integer():
        return str(int(value)).encode()
    if how == 2:
        return f"{value:.17e}".encode()
    if how == 3:
        return f"{value:.17E}".replace("E+", "E").encode()
    return repr(value).encode()


def valid_texts(info: mi.StrType) -> st.SearchStrategy[str]:
    """Strings the type accepts: within the length bounds, matching the pattern (Python)."""
    low, high = info.min_length or 0, info.max_length

    def fits(text: str) -> bool:
        return low <= len(text) <= (high if high is not None else len(text))

    if info.pattern is not None:
        return st.from_regex(info.pattern).filter(fits)
    sized = st.integers(low, high if high is not None else low + 12).flatmap(text_of_length)
    options = [sized, sized, short_text.filter(fits)]
    if high is None:
        options.append(long_text)
    return st.one_of(options)


def json_of(value: Any) -> bytes:
    """An Enum/Literal/tag value as JSON."""
    if value is None:
        return b"null"
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, (int, float)):
        return repr(value).encode()
    return encode_string(str(value))


INT_KEY_TEXTS = ["0", "-0", "00", "01", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "1_0", "", "-", "\u0661"]
INT_KEY_TEXTS += ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616"]


def key_texts(info: mi.Type, valid: bool) -> st.SearchStrategy[str]:
    """Texts of JSON object keys for a dict's key type (keys are always JSON strings)."""
    if isinstance(info, mi.StrType):
        return valid_texts(info) if valid else texts_for(info)
    if isinstance(info, mi.IntType):
        spelled = st.builds(str, valid_ints(info) if valid else int_candidates(info))
        return spelled if valid else weighted((3, spelled), (1, st.sampled_from(INT_KEY_TEXTS)))
    if isinstance(info, mi.FloatType):
        spelled = st.builds(repr, valid_floats(info) if valid else float_candidates(info))
        return spelled if valid else weighted((3, spelled), (1, st.sampled_from(FLOAT_TEXTS + INT_KEY_TEXTS)))
    if isinstance(info, (mi.EnumType, mi.LiteralType)):
        values = [str(value) for value in choice_values(info) if value is not None]
        if valid:
            return st.sampled_from(values)
        near = sorted({str(other) for value in values for other in neighbours_of(value)})
        return weighted((3, st.sampled_from(values)), (2, st.sampled_from(near)))
    texts = str_like_texts(info, valid)
    if texts is None:
        raise TypeError(f"dict keys of type {info!r}: no key texts")
    return texts


class BodyStrategies:
    """Strategies of JSON bodies for the types of one `type_info` graph (recursive Structs
    included: strategies are built lazily, once per type and depth).

    Two modes: `valid` values are what the type accepts (so that the accepting side is
    exercised as much as the refusing one), except where `mutate` replaces a node (rarely)
    with a value of the lax mode; lax values are near-valid anywhere (wrong types, values
    beyond the bounds, damaged strings, missing and unknown fields...).
    """

    def __init__(self, valid: bool, mutate: BodyStrategies | None = None) -> None:
        self.valid = valid
        self.mutate = mutate
        self._cache: dict[tuple[Any, int], Gen] = {}

    def value(self, info: mi.Type, depth: int) -> Gen:
        key = (id(info), depth)
        if key not in self._cache:
            self._cache[key] = st.deferred(lambda: self._build(info, depth))
        return self._cache[key]

    def _build(self, info: mi.Type, depth: int) -> Gen:
        value = self._value(info, depth)
        if self.valid:
            if self.mutate is None:
                return value
            return weighted((40, value), (1, self.mutate.value(info, depth)))
        if depth > MAX_TREE_DEPTH:
            return weighted((8, value), (1, wrong_values))
        return weighted((6, value), (1, wrong_values), (1, self.any_json(depth)))

    def _value(self, info: mi.Type, depth: int) -> Gen:
        if self.valid:
            scalars: dict[type, Callable[[Any], Gen]] = {
                mi.IntType: lambda t: st.builds(lambda value: str(value).encode(), valid_ints(t)),
                mi.FloatType: self.valid_float_json,
                mi.StrType: lambda t: string_json(valid_texts(t)),
            }
        else:
            scalars = {
                mi.IntType: int_json,
                mi.FloatType: float_json,
                mi.StrType: lambda t: string_json(texts_for(t), damage=True),
            }
        handlers: dict[type, Callable[[Any, int], Gen]] = {
            **{kind: (lambda t, _, make=make: make(t)) for kind, make in scalars.items()},
            mi.BoolType: lambda _t, _d: st.sampled_from([b"true", b"false"]),
            mi.NoneType: lambda _t, _d: st.just(b"null"),
            mi.AnyType: lambda _, d: self.any_json(d),
            mi.UnionType: self.union_json,
            mi.ListType: self.list_json,
            mi.DictType: self.dict_json,
            mi.StructType: self.struct_json,
            mi.SetType: self.list_json,
            mi.FrozenSetType: self.list_json,
            mi.VarTupleType: self.list_json,
            mi.TupleType: self.tuple_json,
            mi.EnumType: self.choice_json,
            mi.LiteralType: self.choice_json,
        }
        texts = str_like_texts(info, self.valid)
        if texts is not None:
            json_texts = string_json(texts, damage=not self.valid)
            if isinstance(info, mi.DecimalType):
                # Decimals are also read from JSON numbers (their exact text).
                numbers = st.builds(spell_int, st.integers(), st.integers(0, 9))
                floats = st.builds(spell_float, st.floats(allow_nan=False), st.integers(0, 8))
                return st.one_of(json_texts, json_texts, numbers, floats)
            return json_texts
        handler = handlers.get(type(info))
        if handler is None:
            raise TypeError(f"no strategy for {info!r}: Bolt does not support this type yet")
        return handler(info, depth)

    def valid_float_json(self, info: mi.FloatType) -> Gen:
        spelled = st.builds(spell_valid_float, valid_floats(info), st.integers(0, 5))
        if any(bound is not None for bound in (info.gt, info.ge, info.lt, info.le, info.multiple_of)):
            return spelled
        # Unbounded floats take integers of any size (beyond 64 bits too).
        big = st.sampled_from([2**63, 2**64, 2**64 + 1, 10**30, -(10**40), 2**1023]).map(lambda v: str(v).encode())
        return weighted((8, spelled), (1, big))

    def choice_json(self, info: mi.EnumType | mi.LiteralType, depth: int) -> Gen:
        """Enum/Literal values as JSON; lax: their neighbours (case, ±1, the other kind)."""
        values = choice_values(info)
        accepted = st.sampled_from([json_of(value) for value in values])
        if self.valid:
            return accepted
        near = sorted({json_of(other) for value in values for other in neighbours_of(value)})
        return weighted((3, accepted), (3, st.sampled_from(near)))

    def tuple_json(self, info: mi.TupleType, depth: int) -> Gen:
        """`tuple[A, B]`: exactly one item per type; lax: one item short or extra."""
        items = [self.value(item, depth + 1) for item in info.item_types]
        extra = self.any_json(depth + 1)
        valid = self.valid

        @st.composite
        def array(draw: st.DrawFn) -> bytes:
            chosen = [draw(item) for item in items]
            if not valid:
                roll = random.Random(draw(seeds)).random()
                if roll < 0.15 and chosen:
                    chosen.pop()
                elif roll < 0.3:
                    chosen.append(draw(extra))
            return join_array(chosen, draw(spaces_strategy))

        return array()

    def union_json(self, info: mi.UnionType, depth: int) -> Gen:
        return st.one_of([self.value(member, depth) for member in info.types])

    def list_json(self, info: mi.ListType, depth: int) -> Gen:
        low = info.min_length or 0
        if depth > MAX_TREE_DEPTH:
            sizes = st.just(low)
        elif self.valid:
            sizes = st.integers(low, info.max_length if info.max_length is not None else low + 5)
        else:
            sizes = length_strategy(info.min_length, info.max_length, default_max=5)
        item = self.value(info.item_type, depth + 1)

        duplicates = isinstance(info, (mi.SetType, mi.FrozenSetType))

        @st.composite
        def array(draw: st.DrawFn) -> bytes:
            chosen = [draw(item) for _ in range(draw(sizes))]
            if duplicates and chosen and random.Random(draw(seeds)).random() < 0.2:
                chosen.append(chosen[0])  # a duplicate item: the set keeps one
            return join_array(chosen, draw(spaces_strategy))

        return array()

    def dict_json(self, info: mi.DictType, depth: int) -> Gen:
        # JSON keys are strings: `dict` (keys of type Any) gets strings too.
        key_info = mi.StrType() if isinstance(info.key_type, mi.AnyType) else info.key_type
        keys = string_json(key_texts(key_info, self.valid), damage=not self.valid)
        values = self.value(info.value_type, depth + 1)
        low = getattr(info, "min_length", None) or 0
        high = getattr(info, "max_length", None)
        if depth > MAX_TREE_DEPTH:
            sizes = st.just(low)
        elif self.valid:
            sizes = st.integers(low, high if high is not None else max(low, 5))
        else:
            sizes = length_strategy(low or None, high, default_max=5)

        @st.composite
        def members(draw: st.DrawFn) -> bytes:
            return join_object([(draw(keys), draw(values)) for _ in range(draw(sizes))], draw(spaces_strategy))

        return members()

    def struct_json(self, info: mi.StructType, depth: int) -> Gen:
        # Each field's key as is, and with escapes (it still names the field).
        fields = [
            (field, encode_string(field.encode_name), string_json(st.just(field.encode_name))) for field in info.fields
        ]
        values = {field.name: self.value(field.type, depth + 1) for field in info.fields}
        names = [field.encode_name for field in info.fields]
        if self.valid:
            unknown_keys = string_json(short_text.filter(lambda text: text not in names))
            unknown_rate = 0.0 if info.forbid_unknown_fields else 0.2
            required_rate = 1.0
        else:
            near_misses = [f"{name} " for name in names] + [name.upper() for name in names if name.upper() != name]
            near_misses += [field.name for field in info.fields if field.name != field.encode_name]
            unknown_keys = st.one_of(
                string_json(st.one_of(short_text, st.sampled_from(near_misses or ["extra"]))),
                string_json(short_text, damage=True),
            )
            unknown_rate, required_rate = 0.2, 0.9
        unknown_values = self.any_json(depth + 1, damage=not self.valid)
        shallow = depth > MAX_TREE_DEPTH
        tags = self.tag_json(info)
        if info.array_like:
            return self.array_like_json(info, depth, tags)

        @st.composite
        def members(draw: st.DrawFn) -> bytes:
            chooser = random.Random(draw(seeds))
            chosen: list[tuple[bytes, bytes]] = []
            for field, plain_key, escaped_key in fields:
                keep = chooser.random() < (required_rate if field.required else 0.5)
                if not keep or (shallow and not field.required):
                    continue
                key_json = plain_key if chooser.random() < 0.8 else draw(escaped_key)
                chosen.append((key_json, draw(values[field.name])))
                if chooser.random() < 0.05:
                    # A duplicate key: msgspec validates both, the last one wins.
                    chosen.append((key_json, draw(values[field.name])))
            if not shallow and chooser.random() < unknown_rate:
                for _ in range(chooser.randint(1, 3)):
                    chosen.insert(chooser.randrange(len(chosen) + 1), (draw(unknown_keys), draw(unknown_values)))
            if chooser.random() < 0.5:
                chooser.shuffle(chosen)
            if tags is not None:
                tag = draw(tags)
                if tag is not None:
                    where = 0 if chooser.random() < 0.6 else chooser.randrange(len(chosen) + 1)
                    chosen.insert(where, (encode_string(str(info.tag_field)), tag))
                    if chooser.random() < 0.03:
                        chosen.append((encode_string(str(info.tag_field)), draw(tags) or b"null"))
            return join_object(chosen, draw(spaces_strategy))

        return members()

    def tag_json(self, info: mi.StructType) -> st.SearchStrategy[bytes | None] | None:
        """The tag value of a tagged Struct (None: untagged); lax: now and then a neighbour
        (wrong case, ±1, the other JSON kind, `null`) or no tag at all (None drawn)."""
        if info.tag_field is None:
            return None
        right = st.just(json_of(info.tag))
        if self.valid:
            return right
        wrong = st.sampled_from(sorted({json_of(value) for value in neighbours_of(info.tag)} | {b"null", b"{}"}))
        return weighted((8, right), (1, wrong), (1, st.none()))

    def array_like_json(self, info: mi.StructType, depth: int, tags: st.SearchStrategy[bytes | None] | None) -> Gen:
        """An array_like Struct: `[tag?, field values in order]`; trailing fields with
        defaults may be left out. Lax: one item short or extra items, a wrong tag."""
        fields = list(info.fields)
        values = [self.value(field.type, depth + 1) for field in fields]
        required = max((index + 1 for index, field in enumerate(fields) if field.required), default=0)
        extra = self.any_json(depth + 1)
        valid = self.valid
        shallow = depth > MAX_TREE_DEPTH

        @st.composite
        def array(draw: st.DrawFn) -> bytes:
            chooser = random.Random(draw(seeds))
            count = required if shallow else chooser.randint(required, len(fields))
            if not valid and chooser.random() < 0.2:
                count = max(required - 1, 0)
            items = [draw(values[index]) for index in range(count)]
            if not valid and chooser.random() < 0.15:
                items += [draw(extra) for _ in range(chooser.randint(1, 2))]
            if tags is not None:
                tag = draw(tags)
                if tag is not None:
                    items.insert(0, tag)
            return join_array(items, draw(spaces_strategy))

        return array()

    def any_json(self, depth: int, damage: bool = False) -> Gen:
        """Any JSON value (what `Any`, `dict` and `list` take, and unknown fields carry)."""
        key = ("any", depth * 2 + int(damage))
        if key in self._cache:
            return self._cache[key]
        strings = string_json(short_text, damage=damage)
        if self.valid:
            numbers = st.one_of(
                st.builds(lambda value: str(value).encode(), st.integers()),
                st.builds(spell_valid_float, st.floats(allow_nan=False, allow_infinity=False), st.integers(0, 5)),
            )
        else:
            numbers = st.one_of(int_json(mi.IntType()), float_json(mi.FloatType()))
        scalars = st.one_of(st.sampled_from([b"null", b"true", b"false"]), numbers, strings)

        def extend(children: Gen) -> Gen:
            arrays = st.builds(join_array, st.lists(children, max_size=4), spaces_strategy)
            objects = st.builds(join_object, st.lists(st.tuples(strings, children), max_size=4), spaces_strategy)
            return st.one_of(arrays, objects)

        deep = deep_nesting(depth, valid=self.valid)
        strategy = weighted((12, st.recursive(scalars, extend, max_leaves=8)), (1, deep))
        self._cache[key] = strategy
        return strategy


def body_documents(info: mi.Type) -> Gen:
    """Whole request bodies for `info`: half valid (a node replaced now and then), half
    near-valid; either sometimes damaged as a document."""
    lax = BodyStrategies(valid=False)
    valid = BodyStrategies(valid=True, mutate=lax)
    return st.one_of(
        damaged_document(valid.value(info, 0), lax.any_json(0), damage_rate=0.1),
        damaged_document(lax.value(info, 0), lax.any_json(0), damage_rate=0.35),
    )


DOCUMENT_GARBAGE = [b"x", b"}", b"]", b",", b"\x00", b" 1", b"{}", b"\xff", b"\x0c", b"\xa0", b"/**/", b"\x1a"]
DOCUMENT_PREFIXES = [b"\xef\xbb\xbf", b"\x0c", b"\xc2\xa0", b"\x00", b"\xfe\xff"]
DEGENERATE_DOCUMENTS = [b"", b" ", b"\n", b"nul", b"tru", b'"', b"{", b"[", b"-", b"NaN", b"Infinity", b"'a'"]
SPLICED_BYTES = [b'"', b"\\", b",", b":", b"{", b"}", b"[", b"]", b"\x00", b"\xff", b"\x80", b"0", b"-", b".", b"e"]
spliced_bytes = st.one_of(st.sampled_from(SPLICED_BYTES), st.binary(min_size=1, max_size=1))


@st.composite
def damaged_document(draw: st.DrawFn, value: Gen, any_value: Gen, damage_rate: float) -> bytes:
    """A document: the value, mostly intact (padded with whitespace now and then); with
    `damage_rate`, truncated, followed by garbage, prefixed with a BOM, or with a byte
    replaced/inserted."""
    body = draw(value)
    chooser = random.Random(draw(seeds))
    if chooser.random() >= damage_rate:
        if chooser.random() < 0.1:
            return chooser.choice(JSON_WHITESPACE) + body + chooser.choice(JSON_WHITESPACE)
        return body
    how = chooser.randrange(26, 40)
    if how < 29:
        return chooser.choice(JSON_WHITESPACE) + body + chooser.choice(JSON_WHITESPACE)
    if how < 31:
        return body[: chooser.randrange(max(len(body), 1))]
    if how < 33:
        return body + chooser.choice(DOCUMENT_GARBAGE)
    if how < 34:
        return body + b" " + draw(any_value)
    if how < 35:
        return chooser.choice(DOCUMENT_PREFIXES) + body
    if how < 36:
        return chooser.choice(DEGENERATE_DOCUMENTS)
    position = chooser.randrange(len(body) + 1)
    byte = draw(spliced_bytes)
    if how < 38:
        return body[:position] + byte + body[position + 1 :]
    return body[:position] + byte + body[position:]


# -- parameter texts ---------------------------------------------------------------------------

INT_TEXTS = ["+1", " 1", "1 ", "1_000", "0x10", "007", "00", "\u0661\u0662", "1e3", "1E2", "1.0", "-1.0", "1.5"]
INT_TEXTS += ["10.50", "1e15", "1e16", "9007199254740993.0", "9007199254740992.5", "-9007199254740992.0", "1e400"]
INT_TEXTS += ["-0", "-0.0", ".5", "123456789012345678901234567890", "-123456789012345678901234567890", "1.5e300"]
INT_TEXTS += ["1" + "0" * 310]
FLOAT_TEXTS = ["nan", "NaN", "-nan", "+nan", "inf", "-inf", "INF", "Infinity", "-Infinity", "+inf", "infinit"]
FLOAT_TEXTS += ["1e400", "-1e400", "1e-400", ".5", "5.", "1_0.5", " 1.5", "1.5 ", "0x1", "00.5", "1.0e", "-0"]
FLOAT_TEXTS += ["-0.0", "1E+5", "1" + "0" * 310, "1" + "0" * 300, "\u0661.\u0665", "1,5", "4.9e-324", "2.4e-324"]
FLOAT_TEXTS += ["1.7976931348623159e308"]
BOOL_TEXTS = ["true", "True", "TRUE", "tRuE", "false", "False", "FALSE", "1", "0", "-0", "00", "01", "+1", "1.0"]
BOOL_TEXTS += ["0.0", "yes", "no", "on", "off", "t", "f", "1e0", "nan", "2", "-1", " 1", "1e400"]
BOOL_TEXTS += ["18446744073709551616"]
NULL_TEXTS = ["null", "Null", "NULL", "nUlL", "None", "none", "", "nil", "~", "null "]


def param_texts(info: mi.Type) -> st.SearchStrategy[str]:
    """Texts of one query/path value for a parameter of type `info`: valid spellings,
    lax-mode edge spellings, and arbitrary text."""
    if isinstance(info, mi.IntType):
        spelled = st.builds(str, int_candidates(info))
        return weighted((3, spelled), (2, st.sampled_from(INT_TEXTS)), (1, short_text))
    if isinstance(info, mi.FloatType):
        how = st.integers(0, 8)
        spelled = st.builds(lambda value, how: spell_float(value, how).decode(), float_candidates(info), how)
        integers = st.builds(str, int_candidates(mi.IntType()))
        return weighted((3, spelled), (1, integers), (2, st.sampled_from(FLOAT_TEXTS)), (1, short_text))
    if isinstance(info, mi.BoolType):
        return weighted((4, st.sampled_from(BOOL_TEXTS)), (1, short_text))
    if isinstance(info, mi.StrType):
        return texts_for(info, long=False)
    if isinstance(info, mi.NoneType):
        return st.sampled_from(NULL_TEXTS)
    if isinstance(info, mi.UnionType):
        return st.one_of([param_texts(member) for member in info.types])
    if isinstance(info, (mi.ListType, mi.SetType, mi.FrozenSetType, mi.VarTupleType)):
        return param_texts(info.item_type)
    if isinstance(info, mi.TupleType):
        return st.one_of([param_texts(item) for item in info.item_types])
    if isinstance(info, (mi.EnumType, mi.LiteralType)):
        values = [str(value) for value in choice_values(info) if value is not None]
        near = sorted({str(other) for value in values for other in neighbours_of(value)})
        nulls = NULL_TEXTS if None in choice_values(info) else []
        return weighted((3, st.sampled_from(values)), (2, st.sampled_from(near + nulls)), (1, short_text))
    texts = str_like_texts(info, valid=False)
    if texts is not None:
        if isinstance(info, mi.DecimalType):
            return weighted((4, texts), (1, st.sampled_from(FLOAT_TEXTS + INT_TEXTS)), (1, short_text))
        return weighted((6, texts), (1, short_text))
    if isinstance(info, mi.AnyType):
        return short_text
    raise TypeError(f"no parameter texts for {info!r}")


def fixed_tuple_of(info: mi.Type) -> mi.TupleType | None:
    """The fixed-length tuple a parameter of type `info` takes (`tuple[A, B]`, optional or
    not), else None."""
    if isinstance(info, mi.UnionType):
        tuples = [member for member in info.types if isinstance(member, mi.TupleType)]
        return tuples[0] if tuples else None
    return info if isinstance(info, mi.TupleType) else None


def fixed_tuple_texts(info: mi.TupleType) -> st.SearchStrategy[list[str]]:
    """The repeated values of a `tuple[A, B]` parameter: mostly one text per item, each drawn
    for its own item type (so about as often valid as a scalar), sometimes one item too few
    or too many."""
    items = [param_texts(item) for item in info.item_types]
    extra = st.one_of(items) if items else short_text

    @st.composite
    def texts(draw: st.DrawFn) -> list[str]:
        chooser = random.Random(draw(seeds))
        drawn = [draw(item) for item in items]
        shape = chooser.choice(["exact", "exact", "exact", "exact", "short", "long"])
        if shape == "short" and drawn:
            drawn.pop(chooser.randrange(len(drawn)))
        elif shape == "long":
            drawn.insert(chooser.randrange(len(drawn) + 1), draw(extra))
        return drawn

    return texts()


# -- query strings -----------------------------------------------------------------------------

# Percent-escapes that do not decode to UTF-8 text, or do not decode at all.
RAW_DAMAGE = ["%", "%z", "%zz", "%F", "%FF", "%C3", "%C3%28", "%ED%A0%80", "%F0%9F%98", "%C0%AF", "+", "%2B", "%00"]
# Characters `quote` may leave raw (valid in a query, meaningful to nobody but the server).
SAFE_SETS = ["", "", "/:@!$'()*,;", "~-._"]


def encode_text(text: str, chooser: random.Random) -> str:
    """`text` percent-encoded in one of the ways clients do, sometimes with raw damage."""
    safe = chooser.choice(SAFE_SETS)
    quote = urllib.parse.quote_plus if chooser.random() < 0.5 else urllib.parse.quote
    encoded = quote(text, safe=safe)
    if chooser.random() < 0.1:
        at = chooser.randrange(len(encoded) + 1)
        encoded = encoded[:at] + chooser.choice(RAW_DAMAGE) + encoded[at:]
    return encoded


def encode_key(key: str, chooser: random.Random) -> str:
    """A parameter name, sometimes percent-encoded although it need not be."""
    if chooser.random() < 0.1:
        return "".join(f"%{byte:02X}" for byte in key.encode())
    return urllib.parse.quote_plus(key)


def query_strategy(params: list[Any]) -> st.SearchStrategy[str]:
    texts = {param.wire: param_texts(mi.type_info(param.msgspec_type)) for param in params}
    tuples = {
        param.wire: fixed_tuple_texts(fixed)
        for param in params
        if (fixed := fixed_tuple_of(mi.type_info(param.msgspec_type))) is not None
    }

    @st.composite
    def query(draw: st.DrawFn) -> str:
        chooser = random.Random(draw(seeds))
        pieces: list[str] = []
        for param in params:
            count = chooser.choice([0, 1, 1, 1, 1, 2, 3]) if param.is_list or chooser.random() < 0.2 else 1
            fixed = draw(tuples[param.wire]) if param.wire in tuples else None
            if fixed is not None:
                count = len(fixed)
            if chooser.random() < 0.15:
                count = 0
            for index in range(count):
                key = encode_key(param.wire, chooser)
                text = fixed[index] if fixed is not None else draw(texts[param.wire])
                if text == "" and chooser.random() < 0.3:
                    pieces.append(key)  # a key without `=`: present, with an empty value
                else:
                    pieces.append(f"{key}={encode_text(text, chooser)}")
        for _ in range(chooser.choice([0, 0, 0, 1, 2])):
            pieces.insert(chooser.randrange(len(pieces) + 1), chooser.choice(["", "other=1", "=1", "x", "v2=%FF"]))
        if chooser.random() < 0.5:
            chooser.shuffle(pieces)
        return "&".join(pieces)

    return query()
