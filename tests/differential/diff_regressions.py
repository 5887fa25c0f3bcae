"""Bodies every body test replays before generating its own, and the mismatches found so far
(each one an explicit `@example` of its type's test; see README.md for the list)."""

from __future__ import annotations

#: Replayed for every type: the degenerate documents.
ALWAYS: list[bytes] = [
    b"",
    b" ",
    b"null",
    b"{}",
    b"[]",
    b"1",
    b'"x"',
    b"{",
    b"}",
    b'{"":0}',
    b"\xef\xbb\xbf{}",
    b"{} x",
    b'"\\ud800"',
    b'{"x":"\\ud800"}',
    b'{"x":"\xff"}',
]

#: Mismatches found by the differential tests, by route: each is replayed as an `@example`.
REGRESSIONS: dict[str, list[bytes]] = {
    # Python's `$` also matches before a final newline; the regex crate's did not, so native
    # validation refused what msgspec accepts. Fixed in validate/rules.rs (`rust_pattern`).
    "/body/StrPattern": [b'{"v":"AAA-0\\n"}', b'{"v":"AAA-0\\u000A"}', b'{"v":"AAA-0\\n\\n"}'],
    "/body/Customer": [b'{"name":"n","address":{"street":"s","city":"c","zip":"12345\\n"}}'],
    # Python's `\\w` is `isalnum()` or `_` (takes `\xb2`, refuses combining marks); its `\\s`
    # takes U+001C..U+001F. The regex crate's classes differed both ways. Fixed in
    # validate/rules.rs (`rust_pattern` spells them as Python's classes).
    "/body/StrPatternClasses": [
        '{"word":"x\xb2\xbd"}'.encode(),
        '{"word":"e\u0301"}'.encode(),
        b'{"word":"e\\u0301"}',
        b'{"space":"a\\u001cb"}',
        b'{"space":"\\u001f"}',
        '{"digits":"\u0663"}'.encode(),
    ],
}

#: Query strings of mismatches found by the query tests, by route.
PARAM_REGRESSIONS: dict[str, list[str]] = {
    # `msgspec.convert("-0", float, strict=False)` is `0.0` (integer text is read as an
    # integer); native coercion gave `-0.0`. Fixed in validate/text.rs (`lax_float`).
    "/query/float": ["v=-0", "v=-0.0", "v=-0e0"],
    "/query/opt_float": ["v=-0"],
    "/query/float_multiple": ["v=-0"],
    "/query/list_float": ["v=-0&x", "v=0&v=-0&v=-0.0"],
    # `$` before a final newline (see /body/StrPattern).
    "/query/str_constrained": ["v=a%0A", "v=ab%0A%0A"],
}

#: Path segments of mismatches found by the path tests, by route template.
PATH_REGRESSIONS: dict[str, list[list[str]]] = {
    "/path/{i}/{f}/{b}/{s}": [["0", "-0", "true", "s"]],
}
