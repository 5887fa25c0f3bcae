//! The API documentation site, served by Rust without calling Python: Swagger UI at the
//! docs path (default `/docs`), the project's OpenAPI document at `<docs path>/openapi.json`
//! and Swagger UI's assets (shipped with the Python package, read into memory once at
//! start-up) under `<docs path>/`.
//!
//! Docs paths are answered only when no route matches the request's path: a user route on
//! an overlapping path wins (see [`crate::server::pipeline::route_request`]).
//!
//! Everything here is pure except [`read_assets`], which reads the asset files.

use std::borrow::Cow;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use bytes::Bytes;

use crate::server::response::{CONTENT_TYPE, Headers, JSON_CONTENT_TYPE, OutboundResponse, status};

/// Where the docs are served when the configuration does not say.
pub const DEFAULT_DOCS_PATH: &str = "/docs";
/// File name of the OpenAPI document under the docs path.
pub const SPEC_FILE_NAME: &str = "openapi.json";
/// `Allow` of a docs path requested with another method than `GET`/`HEAD`.
pub const DOCS_ALLOW: &str = "GET, HEAD";
/// The methods docs paths answer (as on the wire; methods are case-sensitive).
const DOCS_METHODS: [&str; 2] = ["GET", "HEAD"];

/// Content type of the Swagger UI page.
const HTML_CONTENT_TYPE: &str = "text/html; charset=utf-8";
/// Content type of JavaScript assets.
const JAVASCRIPT_CONTENT_TYPE: &str = "text/javascript; charset=utf-8";
/// Content type of stylesheets.
const CSS_CONTENT_TYPE: &str = "text/css; charset=utf-8";
/// Content type of the favicons.
const PNG_CONTENT_TYPE: &str = "image/png";
/// `cache-control` of every docs resource: browsers keep them but revalidate with the ETag
/// (cheap: a 304), so a rebuilt API or an upgraded package is never shown stale.
const CACHE_CONTROL_VALUE: &str = "no-cache";
/// `cache-control`.
const CACHE_CONTROL: &str = "cache-control";
/// `etag`.
const ETAG: &str = "etag";
/// The `If-None-Match` value that matches any representation.
const ANY_ETAG: &str = "*";
/// Prefix of a weak entity tag (compared weakly, as `If-None-Match` requires).
const WEAK_ETAG_PREFIX: &str = "W/";
/// Separator of the entity tags in an `If-None-Match` value.
const ETAG_LIST_SEPARATOR: char = ',';
/// The path separator.
const SLASH: char = '/';
/// Characters a docs path may hold besides ASCII letters and digits (unreserved URL
/// characters and `/`): nothing that needs escaping in a URL, HTML or a JavaScript string.
const DOCS_PATH_PUNCTUATION: &[char] = &['/', '-', '.', '_', '~'];

/// The Swagger UI page; `{prefix}` is the docs path without its trailing slash.
const PAGE_TEMPLATE: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation</title>
<link rel="stylesheet" href="{prefix}/swagger-ui.css">
<link rel="icon" type="image/png" sizes="32x32" href="{prefix}/favicon-32x32.png">
<link rel="icon" type="image/png" sizes="16x16" href="{prefix}/favicon-16x16.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{prefix}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: "{prefix}/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
</script>
</body>
</html>
"##;
/// Replaced by the docs path prefix in [`PAGE_TEMPLATE`].
const PREFIX_SLOT: &str = "{prefix}";

/// A Swagger UI file shipped with the Python package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Asset {
    Bundle,
    Stylesheet,
    Favicon32,
    Favicon16,
}

impl Asset {
    /// Every asset the page needs.
    pub const ALL: [Self; 4] = [
        Self::Bundle,
        Self::Stylesheet,
        Self::Favicon32,
        Self::Favicon16,
    ];

    /// Its file name, in the assets directory and under the docs path.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Bundle => "swagger-ui-bundle.js",
            Self::Stylesheet => "swagger-ui.css",
            Self::Favicon32 => "favicon-32x32.png",
            Self::Favicon16 => "favicon-16x16.png",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Bundle => JAVASCRIPT_CONTENT_TYPE,
            Self::Stylesheet => CSS_CONTENT_TYPE,
            Self::Favicon32 | Self::Favicon16 => PNG_CONTENT_TYPE,
        }
    }

    fn from_file_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|asset| asset.file_name() == name)
    }
}

/// What a docs path serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocsResource {
    /// The Swagger UI page.
    Page,
    /// The OpenAPI document.
    Spec,
    Asset(Asset),
}

/// Why a configured docs path is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocsPathError {
    #[error("the docs path {0:?} must start with `/`")]
    NotAbsolute(String),
    #[error(
        "the docs path {path:?} holds {found:?}: only ASCII letters, digits and `/-._~` are allowed"
    )]
    InvalidCharacter { path: String, found: char },
    #[error("the docs path {0:?} has an empty, `.` or `..` segment")]
    InvalidSegment(String),
}

/// Where the docs are served: a checked path prefix (`/docs`, `/api/docs`, or `/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsMount {
    /// The path without its trailing slash: `"/docs"`, or `""` for the root.
    prefix: String,
}

impl Default for DocsMount {
    fn default() -> Self {
        Self {
            prefix: DEFAULT_DOCS_PATH.to_owned(),
        }
    }
}

impl DocsMount {
    /// Checks `path` (one trailing slash is ignored: `/docs/` is `/docs`).
    pub fn new(path: &str) -> Result<Self, DocsPathError> {
        if !path.starts_with(SLASH) {
            return Err(DocsPathError::NotAbsolute(path.to_owned()));
        }
        if let Some(found) = path
            .chars()
            .find(|ch| !ch.is_ascii_alphanumeric() && !DOCS_PATH_PUNCTUATION.contains(ch))
        {
            return Err(DocsPathError::InvalidCharacter {
                path: path.to_owned(),
                found,
            });
        }
        let prefix = path.strip_suffix(SLASH).unwrap_or(path);
        let bad_segment = prefix
            .split(SLASH)
            .skip(1)
            .any(|segment| matches!(segment, "" | "." | ".."));
        if bad_segment {
            return Err(DocsPathError::InvalidSegment(path.to_owned()));
        }
        Ok(Self {
            prefix: prefix.to_owned(),
        })
    }

    /// The path of `resource` on this mount.
    pub fn path_of(&self, resource: DocsResource) -> String {
        match resource {
            DocsResource::Page if self.prefix.is_empty() => SLASH.to_string(),
            DocsResource::Page => self.prefix.clone(),
            DocsResource::Spec => format!("{}/{SPEC_FILE_NAME}", self.prefix),
            DocsResource::Asset(asset) => format!("{}/{}", self.prefix, asset.file_name()),
        }
    }

    /// Every path this mount serves (the page's trailing-slash form aside).
    pub fn paths(&self) -> Vec<String> {
        let assets = Asset::ALL.into_iter().map(DocsResource::Asset);
        [DocsResource::Page, DocsResource::Spec]
            .into_iter()
            .chain(assets)
            .map(|resource| self.path_of(resource))
            .collect()
    }

    /// The resource at the raw request `path`, if it is a docs path. The page is served
    /// with and without a trailing slash; its links are absolute, so both work.
    pub fn resolve(&self, path: &str) -> Option<DocsResource> {
        let rest = path.strip_prefix(self.prefix.as_str())?;
        if rest.is_empty() || rest == "/" {
            return Some(DocsResource::Page);
        }
        let name = rest.strip_prefix(SLASH)?;
        if name == SPEC_FILE_NAME {
            return Some(DocsResource::Spec);
        }
        Asset::from_file_name(name).map(DocsResource::Asset)
    }

    /// The Swagger UI page for this mount (the prefix needs no escaping: see
    /// [`DOCS_PATH_PUNCTUATION`]).
    pub fn page_html(&self) -> String {
        PAGE_TEMPLATE.replace(PREFIX_SLOT, &self.prefix)
    }
}

/// A request on a docs path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocsRequest {
    /// `GET` or `HEAD` (actix leaves the body out of `HEAD` responses).
    Serve(DocsResource),
    /// Another method: 405 with `Allow: GET, HEAD`.
    MethodNotAllowed,
}

/// Classifies `method` + raw `path` against the docs mount; `None` when `path` is no docs
/// path. Only consulted for paths no route matched.
pub fn classify(mount: &DocsMount, method: &str, path: &str) -> Option<DocsRequest> {
    let resource = mount.resolve(path)?;
    Some(if DOCS_METHODS.contains(&method) {
        DocsRequest::Serve(resource)
    } else {
        DocsRequest::MethodNotAllowed
    })
}

/// The configured docs: where, and the directory of Swagger UI's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsConfig {
    pub mount: DocsMount,
    pub assets_dir: PathBuf,
}

/// Swagger UI's files, as read from the assets directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetFiles {
    /// In [`Asset::ALL`] order.
    files: Vec<(Asset, Bytes)>,
}

impl AssetFiles {
    /// `files` must hold every asset of [`Asset::ALL`]; the missing one is returned otherwise.
    pub fn new(files: Vec<(Asset, Bytes)>) -> Result<Self, Asset> {
        let ordered = Asset::ALL
            .into_iter()
            .map(|asset| {
                files
                    .iter()
                    .find(|(candidate, _)| *candidate == asset)
                    .map(|(_, body)| (asset, body.clone()))
                    .ok_or(asset)
            })
            .collect::<Result<Vec<_>, Asset>>()?;
        Ok(Self { files: ordered })
    }
}

/// Why the docs could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error(
        "cannot read the API docs asset {path}: {source} (reinstall django-bolt, or set BOLT_DOCS = False)"
    )]
    Asset {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<DocsError> for std::io::Error {
    fn from(error: DocsError) -> Self {
        let kind = match &error {
            DocsError::Asset { source, .. } => source.kind(),
        };
        Self::new(kind, error.to_string())
    }
}

/// Reads every asset from `dir` (I/O; once, at start-up).
pub fn read_assets(dir: &Path) -> Result<AssetFiles, DocsError> {
    let files = Asset::ALL
        .into_iter()
        .map(|asset| {
            let path = dir.join(asset.file_name());
            std::fs::read(&path)
                .map(|body| (asset, Bytes::from(body)))
                .map_err(|source| DocsError::Asset { path, source })
        })
        .collect::<Result<Vec<_>, DocsError>>()?;
    Ok(AssetFiles { files })
}

/// One docs resource, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Document {
    content_type: &'static str,
    body: Bytes,
    /// A strong entity tag: a hash of the body, quoted.
    etag: String,
}

impl Document {
    fn new(content_type: &'static str, body: Bytes) -> Self {
        let etag = entity_tag(&body);
        Self {
            content_type,
            body,
            etag,
        }
    }
}

/// The docs site, in memory: the page, the OpenAPI document and the assets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsSite {
    mount: DocsMount,
    page: Document,
    spec: Document,
    /// In [`Asset::ALL`] order.
    assets: Vec<(Asset, Document)>,
}

impl DocsSite {
    /// The site for `mount`, serving `openapi_json` and `assets`.
    pub fn new(mount: DocsMount, openapi_json: &'static str, assets: AssetFiles) -> Self {
        let page = Document::new(HTML_CONTENT_TYPE, Bytes::from(mount.page_html()));
        let spec = Document::new(
            JSON_CONTENT_TYPE,
            Bytes::from_static(openapi_json.as_bytes()),
        );
        let assets = assets
            .files
            .into_iter()
            .map(|(asset, body)| (asset, Document::new(asset.content_type(), body)))
            .collect();
        Self {
            mount,
            page,
            spec,
            assets,
        }
    }

    pub fn mount(&self) -> &DocsMount {
        &self.mount
    }

    /// The response for `resource`: 200 with the body, or 304 when the request's
    /// `If-None-Match` (raw header value) names the current entity tag.
    pub fn respond(
        &self,
        resource: DocsResource,
        if_none_match: Option<&[u8]>,
    ) -> OutboundResponse {
        let Some(document) = self.document(resource) else {
            return OutboundResponse::not_found();
        };
        let mut headers = Headers::new();
        headers.push((Cow::Borrowed(ETAG), Cow::Owned(document.etag.clone())));
        headers.push((
            Cow::Borrowed(CACHE_CONTROL),
            Cow::Borrowed(CACHE_CONTROL_VALUE),
        ));
        if if_none_match.is_some_and(|value| etag_matches(value, &document.etag)) {
            return OutboundResponse {
                status: status::NOT_MODIFIED,
                headers,
                body: Bytes::new(),
            };
        }
        headers.insert(
            0,
            (
                Cow::Borrowed(CONTENT_TYPE),
                Cow::Borrowed(document.content_type),
            ),
        );
        OutboundResponse {
            status: status::OK,
            headers,
            body: document.body.clone(),
        }
    }

    fn document(&self, resource: DocsResource) -> Option<&Document> {
        match resource {
            DocsResource::Page => Some(&self.page),
            DocsResource::Spec => Some(&self.spec),
            DocsResource::Asset(asset) => self
                .assets
                .iter()
                .find(|(candidate, _)| *candidate == asset)
                .map(|(_, document)| document),
        }
    }
}

/// A quoted strong entity tag for `body` (stable for one build of the runtime).
fn entity_tag(body: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    format!("\"{:016x}-{:x}\"", hasher.finish(), body.len())
}

/// Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 §13.1.2
/// requires: a `W/` prefix is ignored) or is `*`.
pub fn etag_matches(if_none_match: &[u8], etag: &str) -> bool {
    let Ok(value) = std::str::from_utf8(if_none_match) else {
        return false;
    };
    value
        .split(ETAG_LIST_SEPARATOR)
        .map(str::trim)
        .any(|candidate| {
            candidate == ANY_ETAG
                || candidate
                    .strip_prefix(WEAK_ETAG_PREFIX)
                    .unwrap_or(candidate)
                    == etag
        })
}

/// The docs paths a route shadows (a route matching a docs path wins over the docs):
/// `is_routed` says whether a path is matched by some route.
pub fn shadowed_paths(mount: &DocsMount, is_routed: impl Fn(&str) -> bool) -> Vec<String> {
    mount
        .paths()
        .into_iter()
        .filter(|path| is_routed(path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mount(path: &str) -> DocsMount {
        DocsMount::new(path).expect("valid docs path")
    }

    fn site() -> DocsSite {
        let files = Asset::ALL
            .into_iter()
            .map(|asset| (asset, Bytes::from(format!("<{}>", asset.file_name()))))
            .collect();
        let assets = AssetFiles::new(files).expect("every asset");
        DocsSite::new(mount("/docs"), "{\"openapi\":\"3.1.0\"}\n", assets)
    }

    fn header<'r>(response: &'r OutboundResponse, name: &str) -> Option<&'r str> {
        response
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }

    #[test]
    fn test_mount_new_accepts_plain_paths_and_strips_one_trailing_slash() {
        assert_eq!(mount("/docs").path_of(DocsResource::Page), "/docs");
        assert_eq!(mount("/docs/").path_of(DocsResource::Page), "/docs");
        assert_eq!(
            mount("/api/v1.0/_docs~x").path_of(DocsResource::Spec),
            "/api/v1.0/_docs~x/openapi.json"
        );
        assert_eq!(mount("/").path_of(DocsResource::Page), "/");
        assert_eq!(mount("/").path_of(DocsResource::Spec), "/openapi.json");
        assert_eq!(DocsMount::default(), mount(DEFAULT_DOCS_PATH));
    }

    #[test]
    fn test_mount_new_refuses_relative_unsafe_and_dotted_paths() {
        assert_eq!(
            DocsMount::new("docs"),
            Err(DocsPathError::NotAbsolute("docs".to_owned()))
        );
        assert_eq!(
            DocsMount::new(""),
            Err(DocsPathError::NotAbsolute(String::new()))
        );
        for (path, found) in [
            ("/do\"cs", '"'),
            ("/docs<script>", '<'),
            ("/do cs", ' '),
            ("/docs?x", '?'),
            ("/dócs", 'ó'),
        ] {
            assert_eq!(
                DocsMount::new(path),
                Err(DocsPathError::InvalidCharacter {
                    path: path.to_owned(),
                    found
                })
            );
        }
        for path in ["//docs", "/a//b", "/docs/..", "/./docs", "/docs//"] {
            assert_eq!(
                DocsMount::new(path),
                Err(DocsPathError::InvalidSegment(path.to_owned())),
                "{path}"
            );
        }
    }

    #[test]
    fn test_resolve_knows_page_spec_and_assets_only() {
        let docs = mount("/docs");
        assert_eq!(docs.resolve("/docs"), Some(DocsResource::Page));
        assert_eq!(docs.resolve("/docs/"), Some(DocsResource::Page));
        assert_eq!(docs.resolve("/docs/openapi.json"), Some(DocsResource::Spec));
        assert_eq!(
            docs.resolve("/docs/swagger-ui-bundle.js"),
            Some(DocsResource::Asset(Asset::Bundle))
        );
        assert_eq!(
            docs.resolve("/docs/swagger-ui.css"),
            Some(DocsResource::Asset(Asset::Stylesheet))
        );
        assert_eq!(
            docs.resolve("/docs/favicon-16x16.png"),
            Some(DocsResource::Asset(Asset::Favicon16))
        );
        for other in [
            "/",
            "/doc",
            "/docsx",
            "/docs//",
            "/docs/index.html",
            "/docs/../etc/passwd",
            "/docs/openapi.json/",
            "/docs/swagger-ui.css.map",
            "/x/docs",
        ] {
            assert_eq!(docs.resolve(other), None, "{other}");
        }
    }

    #[test]
    fn test_resolve_on_root_mount() {
        let root = mount("/");
        assert_eq!(root.resolve("/"), Some(DocsResource::Page));
        assert_eq!(root.resolve("/openapi.json"), Some(DocsResource::Spec));
        assert_eq!(
            root.resolve("/swagger-ui.css"),
            Some(DocsResource::Asset(Asset::Stylesheet))
        );
        assert_eq!(root.resolve("/items"), None);
    }

    #[test]
    fn test_classify_serves_get_and_head_and_refuses_other_methods() {
        let docs = mount("/docs");
        assert_eq!(
            classify(&docs, "GET", "/docs"),
            Some(DocsRequest::Serve(DocsResource::Page))
        );
        assert_eq!(
            classify(&docs, "HEAD", "/docs/openapi.json"),
            Some(DocsRequest::Serve(DocsResource::Spec))
        );
        for method in ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "get"] {
            assert_eq!(
                classify(&docs, method, "/docs"),
                Some(DocsRequest::MethodNotAllowed),
                "{method}"
            );
        }
        assert_eq!(classify(&docs, "GET", "/nope"), None);
        assert_eq!(classify(&docs, "POST", "/nope"), None);
    }

    #[test]
    fn test_paths_lists_every_resource() {
        assert_eq!(
            mount("/docs").paths(),
            [
                "/docs",
                "/docs/openapi.json",
                "/docs/swagger-ui-bundle.js",
                "/docs/swagger-ui.css",
                "/docs/favicon-32x32.png",
                "/docs/favicon-16x16.png",
            ]
        );
    }

    #[test]
    fn test_page_html_links_assets_and_spec_under_the_mount() {
        let html = mount("/api/docs/").page_html();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!html.contains(PREFIX_SLOT));
        for link in [
            r#"href="/api/docs/swagger-ui.css""#,
            r#"src="/api/docs/swagger-ui-bundle.js""#,
            r#"href="/api/docs/favicon-32x32.png""#,
            r#"url: "/api/docs/openapi.json""#,
        ] {
            assert!(html.contains(link), "{link} in\n{html}");
        }
        assert!(!html.contains("http"), "no link leaves the server");
        assert!(mount("/").page_html().contains(r#"url: "/openapi.json""#));
    }

    #[test]
    fn test_respond_serves_each_resource_with_its_content_type() {
        let site = site();
        let cases = [
            (DocsResource::Page, HTML_CONTENT_TYPE),
            (DocsResource::Spec, JSON_CONTENT_TYPE),
            (DocsResource::Asset(Asset::Bundle), JAVASCRIPT_CONTENT_TYPE),
            (DocsResource::Asset(Asset::Stylesheet), CSS_CONTENT_TYPE),
            (DocsResource::Asset(Asset::Favicon32), PNG_CONTENT_TYPE),
            (DocsResource::Asset(Asset::Favicon16), PNG_CONTENT_TYPE),
        ];
        for (resource, content_type) in cases {
            let response = site.respond(resource, None);
            assert_eq!(response.status, 200, "{resource:?}");
            assert_eq!(header(&response, CONTENT_TYPE), Some(content_type));
            assert_eq!(header(&response, CACHE_CONTROL), Some(CACHE_CONTROL_VALUE));
            assert!(header(&response, ETAG).is_some_and(|tag| tag.starts_with('"')));
        }
        assert_eq!(
            site.respond(DocsResource::Spec, None).body,
            "{\"openapi\":\"3.1.0\"}\n".as_bytes()
        );
        assert_eq!(
            site.respond(DocsResource::Asset(Asset::Stylesheet), None)
                .body,
            "<swagger-ui.css>".as_bytes()
        );
        assert!(
            site.respond(DocsResource::Page, None)
                .body
                .starts_with(b"<!DOCTYPE html>")
        );
    }

    #[test]
    fn test_respond_is_304_when_the_etag_matches() {
        let site = site();
        let resource = DocsResource::Asset(Asset::Bundle);
        let first = site.respond(resource, None);
        let etag = header(&first, ETAG).expect("etag").to_owned();
        let cached = site.respond(resource, Some(etag.as_bytes()));
        assert_eq!(cached.status, status::NOT_MODIFIED);
        assert!(cached.body.is_empty());
        assert_eq!(header(&cached, ETAG), Some(etag.as_str()));
        assert_eq!(header(&cached, CONTENT_TYPE), None);
        let stale = site.respond(resource, Some(b"\"other\""));
        assert_eq!(stale.status, 200);
        let other = site.respond(DocsResource::Asset(Asset::Stylesheet), None);
        assert_ne!(header(&other, ETAG), Some(etag.as_str()), "per-body tags");
    }

    #[test]
    fn test_etag_matches_lists_weak_tags_and_star() {
        let tag = "\"abc-1\"";
        assert!(etag_matches(b"\"abc-1\"", tag));
        assert!(etag_matches(b"W/\"abc-1\"", tag));
        assert!(etag_matches(b"\"x\", \"abc-1\"", tag));
        assert!(etag_matches(b"*", tag));
        assert!(!etag_matches(b"\"abc\"", tag));
        assert!(!etag_matches(b"abc-1", tag));
        assert!(!etag_matches(b"", tag));
        assert!(!etag_matches(b"\xff", tag));
    }

    #[test]
    fn test_entity_tag_is_deterministic_and_quoted() {
        assert_eq!(entity_tag(b"abc"), entity_tag(b"abc"));
        assert_ne!(entity_tag(b"abc"), entity_tag(b"abd"));
        let tag = entity_tag(b"");
        assert!(tag.starts_with('"') && tag.ends_with('"'));
    }

    #[test]
    fn test_asset_files_new_needs_every_asset() {
        let partial = vec![(Asset::Bundle, Bytes::new())];
        assert_eq!(AssetFiles::new(partial), Err(Asset::Stylesheet));
    }

    #[test]
    fn test_read_assets_reads_the_directory_and_names_a_missing_file() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        for asset in Asset::ALL {
            std::fs::write(dir.path().join(asset.file_name()), asset.file_name())?;
        }
        let files = read_assets(dir.path()).map_err(std::io::Error::from)?;
        let site = DocsSite::new(DocsMount::default(), "{}", files);
        let css = site.respond(DocsResource::Asset(Asset::Stylesheet), None);
        assert_eq!(css.body, "swagger-ui.css".as_bytes());
        std::fs::remove_file(dir.path().join(Asset::Favicon16.file_name()))?;
        let message = read_assets(dir.path())
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(message.contains("favicon-16x16.png"), "{message}");
        assert!(message.contains("BOLT_DOCS"), "{message}");
        Ok(())
    }

    #[test]
    fn test_shadowed_paths_are_those_a_route_matches() {
        let docs = mount("/docs");
        assert!(shadowed_paths(&docs, |_| false).is_empty());
        assert_eq!(
            shadowed_paths(&docs, |path| path == "/docs/openapi.json"),
            ["/docs/openapi.json"]
        );
        assert_eq!(shadowed_paths(&docs, |_| true).len(), 6);
    }
}
