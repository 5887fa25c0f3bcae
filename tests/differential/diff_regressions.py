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

#: #3 bodies replayed for their route (`POST /v2/body/<Name>`): the edges of each new type,
#: and the mismatches found.
V2_REGRESSIONS: dict[str, list[bytes]] = {
    "/v2/body/DatetimePlain": [
        b'{"v":"2020-01-02T23:59:59.9999995Z"}',
        b'{"v":"9999-12-31T23:59:59.9999995Z"}',
        b'{"v":"2021-02-29T00:00:00"}',
        b'{"v":"2020-01-02T24:00:00Z"}',
        b'{"v":"2020-01-02T23:59:60Z"}',
        b'{"v":"0001-01-01T00:00:00+01:00"}',
        b'{"v":"2020-01-02 03:04:05.123456789-00:00"}',
    ],
    "/v2/body/DateAndTime": [b'{"d":"2000-02-29","t":"23:59:59.9999995"}', b'{"d":"2100-02-29","t":"00:00:00"}'],
    "/v2/body/Durations": [b'{"td":"P999999999D"}', b'{"td":"P1000000000D"}', b'{"td":"-PT0.0000005S"}'],
    "/v2/body/Decimals": [b'{"d":-0}', b'{"d":"-0E-3"}', b'{"d":1e400}', b'{"d":"sNaN"}', b'{"d":"1_0"}'],
    "/v2/body/Uuids": [b'{"u":"ABCDEF7812345678123456781234567F"}', b'{"u":"{12345678-1234-5678-1234-567812345678}"}'],
    "/v2/body/BytesFields": [b'{"b":"YQ","ba":""}', b'{"b":"","ba":"+/8="}', b'{"b":"-_8=","ba":""}'],
    "/v2/body/Pets": [b'{"pet":{"name":"n","type":"Cat"}}', b'{"pet":{"type":"cat","name":"n"}}'],
    "/v2/body/Versions": [b'{"doc":{"version":"1","payload":"p"}}', b'{"doc":{"version":-10}}'],
    "/v2/body/Commands": [b'{"first":["Move",1]}', b'{"first":["Move"]}', b'{"first":["Jump",1.5,0]}'],
}

#: #3 query strings replayed for their route (`GET /v2/query/<name>`).
V2_PARAM_REGRESSIONS: dict[str, list[str]] = {
    "/v2/query/datetime": ["v=2020-01-02T03:04:05%2B01:00", "v=2020-01-02+03:04:05"],
    "/v2/query/decimal": ["v=-0", "v=1e400", "v=nan"],
}
