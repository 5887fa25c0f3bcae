//! The bridge end to end in one process: `export_extension!` registered as an embedded module,
//! `serve()` started from a Python thread, real HTTP over loopback, SIGTERM for a graceful stop.
//!
//! Needs a Python with only the standard library (no msgspec: no route here decodes a body).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use bolt_runtime::app::*;
use bolt_runtime::bridge::pyo3::prelude::{Py, PyAnyMethods, PyDictMethods, Python};
use bolt_runtime::bridge::pyo3::types::PyDict;

static S_INT: Schema = Schema::Int(NumberRules {
    gt: None,
    ge: Some(Bound::Int(1)),
    lt: None,
    le: None,
    multiple_of: None,
});
static S_STR: Schema = Schema::Str(StrRules {
    length: LengthRules {
        min: None,
        max: None,
    },
    pattern: None,
});
static S_OPT_STR: Schema = Schema::Optional(&S_STR);
static S_ANY: Schema = Schema::Any;

static P_ITEM: [Param; 2] = [
    Param {
        name: "item_id",
        wire_name: "item_id",
        source: Source::Path { capture: 0 },
        schema: &S_INT,
        required: true,
    },
    Param {
        name: "q",
        wire_name: "q",
        source: Source::Query,
        schema: &S_OPT_STR,
        required: false,
    },
];
static P_ECHO: [Param; 1] = [Param {
    name: "request",
    wire_name: "request",
    source: Source::Request,
    schema: &S_ANY,
    required: true,
}];

const fn handler(qualname: &'static str, kind: HandlerKind) -> HandlerRef {
    HandlerRef {
        module: "tests_api",
        qualname,
        kind,
    }
}

static ROUTES: [Route; 8] = [
    Route {
        method: Method::Get,
        path: "/",
        handler: handler("root", HandlerKind::Sync),
        params: &[],
        status_code: 200,
    },
    Route {
        method: Method::Get,
        path: "/items/{item_id}",
        handler: handler("item", HandlerKind::Sync),
        params: &P_ITEM,
        status_code: 200,
    },
    Route {
        method: Method::Get,
        path: "/inline",
        handler: handler("inline", HandlerKind::AsyncInline),
        params: &[],
        status_code: 200,
    },
    Route {
        method: Method::Get,
        path: "/awaiting",
        handler: handler("awaiting", HandlerKind::AsyncAwaiting),
        params: &[],
        status_code: 201,
    },
    Route {
        method: Method::Get,
        path: "/boom",
        handler: handler("boom", HandlerKind::Sync),
        params: &[],
        status_code: 200,
    },
    Route {
        method: Method::Delete,
        path: "/teapot",
        handler: handler("teapot", HandlerKind::Sync),
        params: &[],
        status_code: 200,
    },
    Route {
        method: Method::Post,
        path: "/echo",
        handler: handler("echo", HandlerKind::Sync),
        params: &P_ECHO,
        status_code: 200,
    },
    Route {
        method: Method::Get,
        path: "/awaiting-boom",
        handler: handler("awaiting_boom", HandlerKind::AsyncAwaiting),
        params: &[],
        status_code: 200,
    },
];

static STATIC_PATHS: phf::Map<&'static str, PathEntry> = phf::phf_map! {
    "/" => PathEntry { template: "/", methods: &[(Method::Get, 0)] },
    "/inline" => PathEntry { template: "/inline", methods: &[(Method::Get, 2)] },
    "/awaiting" => PathEntry { template: "/awaiting", methods: &[(Method::Get, 3)] },
    "/boom" => PathEntry { template: "/boom", methods: &[(Method::Get, 4)] },
    "/teapot" => PathEntry { template: "/teapot", methods: &[(Method::Delete, 5)] },
    "/echo" => PathEntry { template: "/echo", methods: &[(Method::Post, 6)] },
    "/awaiting-boom" => PathEntry { template: "/awaiting-boom", methods: &[(Method::Get, 7)] },
};
static DYN_ITEM: PathEntry = PathEntry {
    template: "/items/{item_id}",
    methods: &[(Method::Get, 1)],
};

fn match_dynamic(path: &str) -> Option<DynamicMatch<'_>> {
    let id = path.strip_prefix("/items/")?;
    (!id.is_empty() && !id.contains('/')).then(|| DynamicMatch {
        entry: &DYN_ITEM,
        captures: [id].into_iter().collect(),
    })
}

static APP: App = App {
    manifest_json: r#"{"routes": "test"}"#,
    openapi_json: r#"{"openapi": "3.1.0"}"#,
    contract: "c0ffee",
    routes: &ROUTES,
    router: Router {
        static_paths: &STATIC_PATHS,
        match_dynamic,
    },
};

/// What a generated crate's `lib.rs` ends with.
mod extension {
    bolt_runtime::export_extension!(super::APP);
}

/// The Python side: handlers, bindings and hooks written with the standard library only.
const PYTHON_SIDE: &std::ffi::CStr = cr#"
import asyncio, importlib.util, json, threading
import _bolt_app as ext

# The real worker loop (standard library only), loaded by path.
_spec = importlib.util.spec_from_file_location("bolt_worker_loop", WORKER_LOOP_PY)
worker_loop = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(worker_loop)

class HTTPException(Exception):
    def __init__(self, status_code, detail, headers=None, extra=None):
        super().__init__(detail)
        self.status_code, self.detail, self.headers, self.extra = status_code, detail, headers, extra

def root():
    return {"hello": "world"}

def item(item_id, q):
    return {"item_id": item_id, "q": q}

async def inline():
    return ["inline"]

async def awaiting():
    assert asyncio.current_task() is not None
    marks = []
    async def mark():
        marks.append(1)
    background = asyncio.get_running_loop().create_task(mark())
    await asyncio.sleep(0)
    assert marks == [1], "sleep(0) lets a ready task run first"
    for _ in range(40):
        await asyncio.sleep(0)
    await asyncio.gather(asyncio.sleep(0.01), asyncio.sleep(0), background)
    return {"awaited": threading.current_thread() is not threading.main_thread()}

async def awaiting_boom():
    await asyncio.sleep(0.01)
    raise ValueError("after an await")

def boom():
    raise RuntimeError("kaboom")

def teapot():
    raise HTTPException(418, "short and stout", headers={"x-pot": "tea"}, extra=[1])

def echo(request):
    return {"method": request.method, "body": request["body"].decode(), "ct": request.get("headers")["content-type"],
            "q": request.query, "missing": request.get("nope", 7)}

class Binding:
    def __init__(self, handler, defaults):
        self.handler, self.defaults, self.body_decoder, self.response_type = handler, tuple(defaults), None, None

MISSING = object()
logged = []

class Hooks:
    missing = MISSING
    http_exception = HTTPException
    response_classes = ()
    def __init__(self):
        self.loops = []
    @staticmethod
    def encode_json(obj):
        return json.dumps(obj, separators=(",", ":")).encode()
    @staticmethod
    def convert_response(obj, type_):
        return obj
    @staticmethod
    def render_response(obj):
        raise AssertionError("no response classes")
    @staticmethod
    def log_abandoned(where, cancelled):
        pass
    @staticmethod
    def log_exception(exc, where):
        logged.append((repr(exc), where))
    @staticmethod
    def format_core_error(formatter, status, body, headers, method, path):
        raise AssertionError("no error_formatter")
    @staticmethod
    def format_exception(formatter, exc, method, path):
        raise AssertionError("no error_formatter")
    def event_loop(self):
        self.loops.append(worker_loop.WorkerLoop())
        return self.loops[-1]

bindings = [Binding(root, []), Binding(item, [MISSING, None]), Binding(inline, []), Binding(awaiting, []),
            Binding(boom, []), Binding(teapot, []), Binding(echo, [MISSING]), Binding(awaiting_boom, [])]
outcome = {}

def run(port, docs_dir):
    config = {"host": "127.0.0.1", "port": port, "shutdown_timeout_seconds": 5, "docs": True,
              "docs_path": "/docs", "docs_assets_dir": docs_dir}
    try:
        hooks = Hooks()
        ext.serve(bindings, hooks, config)
        outcome["returned"] = True
        outcome["loops"] = len(hooks.loops)
        for loop in hooks.loops:
            loop.close()
    except BaseException as exc:
        outcome["error"] = repr(exc)

def start(port, docs_dir):
    global server
    server = threading.Thread(target=run, args=(port, docs_dir))
    server.start()
"#;

/// A response: status code, lowercase headers, body.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn request(port: u16, raw: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(raw.as_bytes()).expect("write");
    let mut text = String::new();
    stream.read_to_string(&mut text).expect("read");
    let (head, body) = text.split_once("\r\n\r\n").expect("a head");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// Swagger UI's files, as the Python package ships them (stand-ins: only names matter here).
const DOCS_ASSETS: [&str; 4] = [
    "swagger-ui-bundle.js",
    "swagger-ui.css",
    "favicon-32x32.png",
    "favicon-16x16.png",
];

fn docs_assets_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in DOCS_ASSETS {
        std::fs::write(dir.path().join(name), format!("/* {name} */")).expect("write asset");
    }
    dir
}

fn get(port: u16, path: &str) -> Response {
    request(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"),
    )
}

fn wait_until_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn python_value(code: &std::ffi::CStr, globals: &Py<PyDict>) -> String {
    Python::attach(|py| {
        py.eval(code, Some(globals.bind(py)), None)
            .and_then(|v| v.str())
            .map(|s| s.to_string())
            .expect("eval")
    })
}

#[test]
fn serves_python_handlers_over_http_and_stops_on_sigterm() {
    use extension::_bolt_app;
    bolt_runtime::bridge::pyo3::append_to_inittab!(_bolt_app);
    Python::initialize();
    let port = free_port();
    let docs_dir = docs_assets_dir();
    let docs_dir_text = docs_dir.path().to_str().expect("UTF-8 path").to_owned();
    let globals = Python::attach(|py| {
        let globals = PyDict::new(py);
        let worker_loop_py = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../python/django_bolt/runtime/worker_loop.py"
        );
        globals
            .set_item("WORKER_LOOP_PY", worker_loop_py)
            .expect("globals");
        py.run(PYTHON_SIDE, Some(&globals), None)
            .expect("python side");
        let module = py.import("_bolt_app").expect("module");
        assert_eq!(
            module
                .getattr("CONTRACT")
                .and_then(|c| c.extract::<String>())
                .ok()
                .as_deref(),
            Some("c0ffee")
        );
        assert!(module.getattr("RUNTIME_VERSION").is_ok());
        assert!(module.getattr("MANIFEST").is_ok());
        globals
            .get_item("start")
            .ok()
            .flatten()
            .expect("start")
            .call1((port, docs_dir_text))
            .expect("started");
        globals.unbind()
    });
    wait_until_listening(port);

    let root = get(port, "/");
    assert_eq!(
        (root.status, root.body.as_str()),
        (200, r#"{"hello":"world"}"#)
    );
    assert_eq!(root.header("content-type"), Some("application/json"));

    let item = get(port, "/items/3?q=a%20b");
    assert_eq!(
        (item.status, item.body.as_str()),
        (200, r#"{"item_id":3,"q":"a b"}"#)
    );
    let item = get(port, "/items/3");
    assert_eq!(item.body, r#"{"item_id":3,"q":null}"#);
    let invalid = get(port, "/items/0");
    assert_eq!(invalid.status, 422);
    assert!(
        invalid.body.contains(r#""type":"greater_than_equal""#),
        "{}",
        invalid.body
    );

    assert_eq!(get(port, "/inline").body, r#"["inline"]"#);
    let awaited = get(port, "/awaiting");
    assert_eq!(
        (awaited.status, awaited.body.as_str()),
        (201, r#"{"awaited":true}"#)
    );

    let awaiting_boom = get(port, "/awaiting-boom");
    assert_eq!(awaiting_boom.status, 500);
    assert_eq!(
        python_value(c"logged[-1]", &globals),
        "(\"ValueError('after an await')\", 'GET /awaiting-boom -> tests_api.awaiting_boom')",
        "an exception after an await is logged"
    );

    let boom = get(port, "/boom");
    assert_eq!(
        (boom.status, boom.body.as_str()),
        (500, r#"{"detail":"Internal Server Error"}"#)
    );
    assert_eq!(
        python_value(c"logged[-1][1]", &globals),
        "GET /boom -> tests_api.boom",
        "the exception is logged with where it happened"
    );

    let teapot = request(
        port,
        "DELETE /teapot HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        (teapot.status, teapot.body.as_str()),
        (418, r#"{"detail":"short and stout","extra":[1]}"#)
    );
    assert_eq!(teapot.header("x-pot"), Some("tea"));

    let echo = request(
        port,
        "POST /echo?x=1 HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    );
    assert_eq!(
        echo.body,
        r#"{"method":"POST","body":"hello","ct":"text/plain","q":{"x":"1"},"missing":7}"#
    );

    assert_eq!(get(port, "/nope").status, 404);
    let wrong_method = request(
        port,
        "POST / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        (wrong_method.status, wrong_method.header("allow")),
        (405, Some("GET, HEAD"))
    );
    let head = request(
        port,
        "HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        (
            head.status,
            head.body.as_str(),
            head.header("content-length")
        ),
        (200, "", Some("17"))
    );

    check_docs(port);

    let pid = std::process::id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    Python::attach(|py| {
        py.run(c"server.join(10)", Some(globals.bind(py)), None)
            .expect("join");
    });
    assert_eq!(
        python_value(c"outcome", &globals),
        "{'returned': True, 'loops': 1}"
    );
}

/// `/docs`, `/docs/openapi.json` and the assets, served by Rust from memory.
fn check_docs(port: u16) {
    let page = get(port, "/docs");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.body
            .contains(r#"<script src="/docs/swagger-ui-bundle.js">"#)
    );
    assert!(page.body.contains(r#"url: "/docs/openapi.json""#));

    let spec = get(port, "/docs/openapi.json");
    assert_eq!(
        (spec.status, spec.body.as_str()),
        (200, r#"{"openapi": "3.1.0"}"#)
    );
    assert_eq!(spec.header("content-type"), Some("application/json"));
    assert_eq!(spec.header("cache-control"), Some("no-cache"));

    let css = get(port, "/docs/swagger-ui.css");
    assert_eq!(
        (css.status, css.body.as_str()),
        (200, "/* swagger-ui.css */")
    );
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let etag = css.header("etag").expect("an etag").to_owned();
    let revalidated = request(
        port,
        &format!(
            "GET /docs/swagger-ui.css HTTP/1.1\r\nHost: t\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!((revalidated.status, revalidated.body.as_str()), (304, ""));

    let bundle = request(
        port,
        "HEAD /docs/swagger-ui-bundle.js HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    assert_eq!((bundle.status, bundle.body.as_str()), (200, ""));
    assert_eq!(
        bundle.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );

    let post = request(
        port,
        "POST /docs HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        (post.status, post.header("allow")),
        (405, Some("GET, HEAD"))
    );
    assert_eq!(get(port, "/docs/swagger-ui.js").status, 404);
}
