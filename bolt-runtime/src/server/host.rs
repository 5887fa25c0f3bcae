//! The first layer: the request's `Host` must be one of Django's `ALLOWED_HOSTS`, validated
//! exactly as `django.http.request.validate_host` does (`split_domain_port` then
//! `is_same_domain`), else 400 — where django-bolt 0.13 answers any host (DNS rebinding,
//! poisoned absolute URLs).
//!
//! Pure: the allowed patterns and a header value in, a verdict out.

/// Django's allowed-host patterns: `"*"`, `".example.com"` (the domain and its subdomains),
/// or an exact domain (lowercase; ports are never part of a pattern's match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    patterns: Vec<String>,
}

impl AllowedHosts {
    /// `patterns` as `ALLOWED_HOSTS` lists them (Django's `DEBUG` default for an empty list,
    /// `[".localhost", "127.0.0.1", "[::1]"]`, is the caller's to apply).
    pub fn new(patterns: Vec<String>) -> Self {
        Self {
            patterns: patterns
                .into_iter()
                .map(|pattern| pattern.to_ascii_lowercase())
                .collect(),
        }
    }

    /// Whether a request with this `Host` header value is answered. A request without one
    /// (HTTP/1.0) is: Django then uses the server's own name. No allocation.
    pub fn allows(&self, host: Option<&[u8]>) -> bool {
        let Some(host) = host else {
            return true;
        };
        let Some(domain) = domain_of(host) else {
            return false;
        };
        self.patterns
            .iter()
            .any(|pattern| pattern == "*" || is_same_domain(domain, pattern.as_bytes()))
    }
}

/// Django's `split_domain_port`: the domain of a `host[:port]` value (any case), without a
/// trailing dot; `None` when the value is not a valid host (`[a-z0-9.-]+` or a bracketed
/// IPv6 address, then an optional numeric port).
fn domain_of(host: &[u8]) -> Option<&[u8]> {
    let (domain, port) = if host.first() == Some(&b'[') {
        let close = host.iter().position(|&b| b == b']')?;
        let inner = &host[1..close];
        let valid = inner.contains(&b':')
            && inner
                .iter()
                .all(|b| b.is_ascii_hexdigit() || *b == b':' || *b == b'.');
        if !valid {
            return None;
        }
        host.split_at(close + 1)
    } else {
        let colon = host.iter().position(|&b| b == b':').unwrap_or(host.len());
        let (domain, port) = host.split_at(colon);
        let plain = domain
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'-');
        if !plain {
            return None;
        }
        (domain, port)
    };
    match port.split_first() {
        None => {}
        Some((b':', digits)) if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) => {}
        Some(_) => return None,
    }
    if domain.is_empty() {
        return None;
    }
    Some(domain.strip_suffix(b".").unwrap_or(domain))
}

/// Django's `is_same_domain` (case-insensitive; patterns are lowercase): `.example.com`
/// matches `example.com` and its subdomains, anything else only itself.
fn is_same_domain(domain: &[u8], pattern: &[u8]) -> bool {
    match pattern.strip_prefix(b".") {
        Some(parent) => {
            domain.eq_ignore_ascii_case(parent)
                || (domain.len() > pattern.len()
                    && domain[domain.len() - pattern.len()..].eq_ignore_ascii_case(pattern))
        }
        None => domain.eq_ignore_ascii_case(pattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(patterns: &[&str]) -> AllowedHosts {
        AllowedHosts::new(patterns.iter().map(|p| (*p).to_owned()).collect())
    }

    #[test]
    fn test_allows_exact_domains_with_any_port_and_case() {
        let allowed = hosts(&["example.com", "127.0.0.1", "[::1]"]);
        for host in [
            "example.com",
            "EXAMPLE.com:8000",
            "example.com.",
            "127.0.0.1:80",
            "[::1]",
            "[::1]:9000",
        ] {
            assert!(allowed.allows(Some(host.as_bytes())), "{host}");
        }
        for host in [
            "evil.com",
            "example.com.evil.com",
            "sub.example.com",
            "127.0.0.2",
        ] {
            assert!(!allowed.allows(Some(host.as_bytes())), "{host}");
        }
    }

    #[test]
    fn test_dot_pattern_allows_the_domain_and_subdomains_star_allows_all() {
        let allowed = hosts(&[".example.com"]);
        assert!(allowed.allows(Some(b"example.com")));
        assert!(allowed.allows(Some(b"a.b.example.com:1")));
        assert!(!allowed.allows(Some(b"badexample.com")));
        assert!(hosts(&["*"]).allows(Some(b"anything.test")));
    }

    #[test]
    fn test_malformed_hosts_are_refused_even_by_star() {
        let star = hosts(&["*"]);
        for host in [
            "",
            "exa mple.com",
            "example.com:80:80",
            "example.com:port",
            "example.com:",
            "[::1",
            "[zz::1]",
            "a@b",
            "exam\u{e9}ple.com",
        ] {
            assert!(!star.allows(Some(host.as_bytes())), "{host:?}");
        }
        assert!(!star.allows(Some(b"\xff")));
    }

    #[test]
    fn test_no_host_header_is_answered_and_no_pattern_allows_nothing() {
        assert!(hosts(&[]).allows(None));
        assert!(!hosts(&[]).allows(Some(b"localhost")));
    }
}
