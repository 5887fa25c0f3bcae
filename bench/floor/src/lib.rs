//! `_bolt_floor.serve(handler, host, port)`: an actix-web server with one worker thread that
//! reads each request's whole body and answers with the bytes returned by `handler(path)`, a
//! Python callable taking the request path (the body is read, as any framework must, but not
//! handed to Python). One Python call per request; nothing else touches Python.

use std::cell::Cell;
use std::sync::Arc;

use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

std::thread_local! {
    static HAS_THREAD_STATE: Cell<bool> = const { Cell::new(false) };
}

/// Keeps one Python thread state for this thread's whole life: `PyGILState_Ensure` without a
/// matching release leaves the state registered, `PyEval_SaveThread` releases the GIL. Every
/// later `Python::attach` on this thread then only re-acquires the GIL with that state instead
/// of creating and destroying a thread state per call (~6 µs).
#[allow(unsafe_code)]
fn ensure_thread_state() {
    if HAS_THREAD_STATE.get() {
        return;
    }
    // SAFETY: the interpreter is initialized (we are inside `serve()`, called from Python) and
    // this server thread is not attached to it.
    unsafe {
        let _gil = pyo3::ffi::PyGILState_Ensure();
        let _state = pyo3::ffi::PyEval_SaveThread();
    }
    HAS_THREAD_STATE.set(true);
}

struct Floor {
    handler: Py<PyAny>,
}

async fn handle(req: HttpRequest, _body: web::Bytes, floor: web::Data<Floor>) -> HttpResponse {
    ensure_thread_state();
    let body = Python::attach(|py| -> PyResult<Vec<u8>> {
        let result = floor.handler.bind(py).call1((req.path(),))?;
        Ok(result.cast::<PyBytes>()?.as_bytes().to_vec())
    });
    match body {
        Ok(body) => {
            let mut response = HttpResponse::Ok().body(body);
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// Serves until SIGINT/SIGTERM. Releases the GIL while serving.
#[pyfunction]
fn serve(py: Python<'_>, handler: Py<PyAny>, host: String, port: u16) -> PyResult<()> {
    let floor = web::Data::from(Arc::new(Floor { handler }));
    py.detach(move || {
        actix_rt::System::new().block_on(async move {
            HttpServer::new(move || App::new().app_data(floor.clone()).default_service(web::to(handle)))
                .workers(1)
                .backlog(1024)
                .bind((host.as_str(), port))?
                .run()
                .await
        })
    })
    .map_err(|e| PyOSError::new_err(e.to_string()))
}

#[pymodule]
fn _bolt_floor(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(serve, m)?)
}
