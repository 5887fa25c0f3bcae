//! Body decoding strategies, timed per request on one thread (issue #3, DESIGN.md rule 7).
//!
//! For each body (the benchmark API's 1 KB `Item` and 10 KB `list[Item]`, valid and invalid),
//! it times what a request costs under each strategy, in CPU µs and µs holding the GIL:
//!
//! - `native`: `bolt_runtime::validate::validate_json_body` only (no GIL) — what an invalid
//!   body costs today, and the price of validating a valid one before decoding;
//! - `msgspec`: the body copied into `bytes` and decoded by a prebuilt `msgspec.json.Decoder(T)`
//!   under the GIL (what django-bolt does; the objects are built either way);
//! - `validate-then-decode` (Bolt's strategy before this benchmark): native validation, then
//!   msgspec's decoder for valid bodies; invalid bodies never reach Python;
//! - `decode-then-validate`: msgspec's decoder first; only when it refuses the body, native
//!   validation runs to list every error.
//!
//! Run with `bench/bodydecode/run` (prints a markdown table and writes it to `bench/results/`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use bolt_runtime::app::{FieldSchema, LengthRules, NumberRules, Schema, StrRules, StructSchema};
use bolt_runtime::validate::validate_json_body;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

const NO_NUMBER_RULES: NumberRules = NumberRules {
    gt: None,
    ge: None,
    lt: None,
    le: None,
    multiple_of: None,
};
const NO_LENGTH: LengthRules = LengthRules {
    min: None,
    max: None,
};
static INT: Schema = Schema::Int(NO_NUMBER_RULES);
static FLOAT: Schema = Schema::Float(NO_NUMBER_RULES);
static STR: Schema = Schema::Str(StrRules {
    length: NO_LENGTH,
    pattern: None,
});
static BOOL: Schema = Schema::Bool;
static TAGS: Schema = Schema::List {
    items: &STR,
    length: NO_LENGTH,
};
/// `benchapp.api.Item` of bench/apps/django_app, as `bolt build` generates it.
static ITEM_STRUCT: StructSchema = StructSchema {
    name: "benchapp.api.Item",
    fields: &[
        FieldSchema {
            key: "id",
            schema: &INT,
            required: true,
        },
        FieldSchema {
            key: "name",
            schema: &STR,
            required: true,
        },
        FieldSchema {
            key: "price",
            schema: &FLOAT,
            required: true,
        },
        FieldSchema {
            key: "in_stock",
            schema: &BOOL,
            required: true,
        },
        FieldSchema {
            key: "tags",
            schema: &TAGS,
            required: true,
        },
        FieldSchema {
            key: "description",
            schema: &STR,
            required: true,
        },
    ],
    forbid_unknown_fields: false,
    array_like: false,
    tag: None,
};
static ITEM: Schema = Schema::Struct(&ITEM_STRUCT);
static ITEMS: Schema = Schema::List {
    items: &ITEM,
    length: NO_LENGTH,
};

/// The Python side: the Struct of the benchmark API and the request bodies, built from
/// `bench/payloads.py` so they are byte-identical to what the HTTP benchmark sends.
const SETUP: &str = r#"
import msgspec
import payloads

class Item(msgspec.Struct):
    id: int
    name: str
    price: float
    in_stock: bool
    tags: list[str]
    description: str

item_decoder = msgspec.json.Decoder(Item).decode
items_decoder = msgspec.json.Decoder(list[Item]).decode

bulk_bad_last = [dict(item) for item in payloads.BULK_10K]
bulk_bad_last[-1]["price"] = "free"
bulk_bad_first = [dict(item) for item in payloads.BULK_10K]
bulk_bad_first[0]["price"] = "free"
bulk_bad_every = [dict(item, price="free") for item in payloads.BULK_10K]

bodies = [
    ("1 KB Item, valid", "item", payloads.dumps(payloads.ITEM_1K)),
    ("Item, invalid (5 errors)", "item", payloads.dumps(payloads.INVALID_ITEM)),
    ("10 KB list[Item], valid", "items", payloads.dumps(payloads.BULK_10K)),
    ("10 KB, last item invalid", "items", payloads.dumps(bulk_bad_last)),
    ("10 KB, first item invalid", "items", payloads.dumps(bulk_bad_first)),
    ("10 KB, every item invalid", "items", payloads.dumps(bulk_bad_every)),
]
"#;

/// One request's body and how to decode it.
struct Case {
    label: String,
    body: Vec<u8>,
    schema: &'static Schema,
    decoder: Py<PyAny>,
}

/// Per-request cost of one strategy on one case.
#[derive(Clone, Copy)]
struct Cost {
    total: Duration,
    under_gil: Duration,
}

/// Runs `step` for `rounds` rounds of `iterations` and keeps the fastest round (the least
/// disturbed by other processes), per iteration.
fn measure(rounds: usize, iterations: u32, mut step: impl FnMut() -> Duration) -> Cost {
    let mut best: Option<Cost> = None;
    for _ in 0..rounds {
        let start = Instant::now();
        let mut under_gil = Duration::ZERO;
        for _ in 0..iterations {
            under_gil += step();
        }
        let cost = Cost {
            total: start.elapsed() / iterations,
            under_gil: under_gil / iterations,
        };
        if best.is_none_or(|best| cost.total < best.total) {
            best = Some(cost);
        }
    }
    best.unwrap_or(Cost {
        total: Duration::ZERO,
        under_gil: Duration::ZERO,
    })
}

/// Decodes `body` with msgspec under the GIL; true when msgspec accepted it. Returns the
/// time spent holding the GIL too.
fn msgspec_decode(decoder: &Py<PyAny>, body: &[u8]) -> (bool, Duration) {
    Python::attach(|py| {
        let start = Instant::now();
        let bytes = PyBytes::new(py, body);
        let accepted = decoder.bind(py).call1((bytes,)).map(black_box).is_ok();
        (accepted, start.elapsed())
    })
}

fn native(case: &Case) -> bool {
    black_box(validate_json_body(case.schema, &case.body)).is_ok()
}

fn strategies() -> [(&'static str, fn(&Case) -> Duration); 4] {
    [
        ("native", |case| {
            native(case);
            Duration::ZERO
        }),
        ("msgspec", |case| msgspec_decode(&case.decoder, &case.body).1),
        ("validate-then-decode", |case| {
            if native(case) {
                msgspec_decode(&case.decoder, &case.body).1
            } else {
                Duration::ZERO
            }
        }),
        ("decode-then-validate", |case| {
            let (accepted, under_gil) = msgspec_decode(&case.decoder, &case.body);
            if !accepted {
                native(case);
            }
            under_gil
        }),
    ]
}

fn micros(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1e6)
}

fn main() -> PyResult<()> {
    let quick = std::env::args().any(|arg| arg == "--quick");
    let (rounds, iterations) = if quick { (3, 2_000) } else { (7, 10_000) };
    let cases = Python::attach(|py| -> PyResult<Vec<Case>> {
        let namespace = pyo3::types::PyDict::new(py);
        let code = std::ffi::CString::new(SETUP)?;
        py.run(&code, Some(&namespace), None)?;
        let global = |name: &str| {
            namespace.get_item(name)?.ok_or_else(|| {
                pyo3::exceptions::PyKeyError::new_err(format!("SETUP defines no `{name}`"))
            })
        };
        let bodies = global("bodies")?;
        let mut cases = Vec::new();
        for entry in bodies.try_iter()? {
            let (label, kind, body): (String, String, Vec<u8>) = entry?.extract()?;
            let (schema, decoder) = match kind.as_str() {
                "item" => (&ITEM, global("item_decoder")?),
                _ => (&ITEMS, global("items_decoder")?),
            };
            cases.push(Case {
                label: format!("{label} ({} B)", body.len()),
                body,
                schema,
                decoder: decoder.unbind(),
            });
        }
        Ok(cases)
    })?;
    let strategies = strategies();
    println!(
        "| body | {} |",
        strategies
            .iter()
            .map(|(name, _)| format!("{name} µs (GIL µs)"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}", "---:|".repeat(strategies.len()));
    for case in &cases {
        let msgspec_accepts = msgspec_decode(&case.decoder, &case.body).0;
        assert_eq!(
            native(case),
            msgspec_accepts,
            "native validation and msgspec disagree on {}",
            case.label
        );
        let cells: Vec<String> = strategies
            .iter()
            .map(|(_, step)| {
                let cost = measure(rounds, iterations, || step(case));
                format!("{} ({})", micros(cost.total), micros(cost.under_gil))
            })
            .collect();
        println!("| {} | {} |", case.label, cells.join(" | "));
    }
    Ok(())
}
