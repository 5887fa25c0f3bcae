//! `serve(config=…)`: the Python dict read once into a [`ServerConfig`].

use std::path::PathBuf;
use std::time::Duration;

use pyo3::conversion::FromPyObjectOwned;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::server::docs::{DEFAULT_DOCS_PATH, DocsConfig, DocsMount};
use crate::server::host::AllowedHosts;
use crate::server::{BodyValidation, ServerConfig, validate_header};

/// Reads the config dict; absent or `None` keys take [`ServerConfig::default`]'s values.
pub(crate) fn read_config(config: &Bound<'_, PyAny>) -> PyResult<ServerConfig> {
    let config = config
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("serve(): config must be a dict"))?;
    let defaults = ServerConfig::default();
    Ok(ServerConfig {
        host: entry(config, "host")?.unwrap_or(defaults.host),
        port: entry(config, "port")?.unwrap_or(defaults.port),
        reuse_port: entry(config, "reuse_port")?.unwrap_or(defaults.reuse_port),
        max_body_size: entry(config, "max_body_size")?.unwrap_or(defaults.max_body_size),
        max_uri_length: entry(config, "max_uri_length")?.unwrap_or(defaults.max_uri_length),
        backlog: entry(config, "backlog")?.unwrap_or(defaults.backlog),
        keep_alive: entry(config, "keep_alive_seconds")?
            .map_or(defaults.keep_alive, Duration::from_secs),
        client_timeout: entry(config, "client_timeout_ms")?
            .map_or(defaults.client_timeout, Duration::from_millis),
        body_timeout: entry(config, "body_timeout_ms")?
            .map_or(defaults.body_timeout, Duration::from_millis),
        shutdown_timeout: entry(config, "shutdown_timeout_seconds")?
            .map_or(defaults.shutdown_timeout, Duration::from_secs),
        docs: read_docs(config)?,
        body_validation: read_body_validation(config)?,
        allowed_hosts: entry::<Vec<String>>(config, "allowed_hosts")?.map(AllowedHosts::new),
        default_headers: read_default_headers(config)?,
    })
}

/// `default_headers`: `[(name, value), ...]`, each a valid header (a CR/LF from a setting
/// never reaches the wire: the server does not start).
fn read_default_headers(config: &Bound<'_, PyDict>) -> PyResult<Vec<(String, String)>> {
    let headers = entry::<Vec<(String, String)>>(config, "default_headers")?.unwrap_or_default();
    headers
        .into_iter()
        .map(|(name, value)| {
            validate_header(&name, &value).map_err(|error| {
                PyValueError::new_err(format!("serve(): config[\"default_headers\"]: {error}"))
            })?;
            Ok((name.to_ascii_lowercase(), value))
        })
        .collect()
}

/// `body_validation`: `"adaptive"` (default), `"decode-first"` or `"validate-first"`.
fn read_body_validation(config: &Bound<'_, PyDict>) -> PyResult<BodyValidation> {
    let Some(text) = entry::<String>(config, "body_validation")? else {
        return Ok(BodyValidation::default());
    };
    BodyValidation::parse(&text).ok_or_else(|| {
        PyValueError::new_err(format!(
            "serve(): config[\"body_validation\"] must be \"adaptive\", \"decode-first\" or \"validate-first\", not {text:?}"
        ))
    })
}

/// `docs` (bool, default off), `docs_path` (default `/docs`) and `docs_assets_dir` (the
/// Swagger UI files shipped with the Python package; required when `docs` is on).
fn read_docs(config: &Bound<'_, PyDict>) -> PyResult<Option<DocsConfig>> {
    if !entry::<bool>(config, "docs")?.unwrap_or(false) {
        return Ok(None);
    }
    let path: String = entry(config, "docs_path")?.unwrap_or_else(|| DEFAULT_DOCS_PATH.to_owned());
    let mount = DocsMount::new(&path)
        .map_err(|error| PyValueError::new_err(format!("serve(): {error}")))?;
    let assets_dir: PathBuf = entry(config, "docs_assets_dir")?.ok_or_else(|| {
        PyValueError::new_err("serve(): config[\"docs_assets_dir\"] is required when docs are on")
    })?;
    Ok(Some(DocsConfig { mount, assets_dir }))
}

/// `config[key]` converted to `T`; `None` when absent or `None`.
fn entry<'py, T: FromPyObjectOwned<'py>>(
    config: &Bound<'py, PyDict>,
    key: &str,
) -> PyResult<Option<T>> {
    match config.get_item(key)? {
        Some(value) if !value.is_none() => match value.extract::<T>() {
            Ok(parsed) => Ok(Some(parsed)),
            Err(error) => {
                let error: PyErr = error.into();
                Err(PyTypeError::new_err(format!(
                    "serve(): config[{key:?}] is invalid: {error}"
                )))
            }
        },
        _ => Ok(None),
    }
}
