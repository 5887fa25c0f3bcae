//! Debouncing: a burst of saves (an editor writing several files, a formatter rewriting
//! the file it just saved, a `git checkout`) becomes one reload.
//!
//! Pure: the caller passes the clock in.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// Collects changed files until they have been quiet for `quiet`, or until `max_wait` after
/// the first one (a never-ending stream of writes still reloads).
#[derive(Debug, Clone)]
pub struct Debouncer {
    quiet: Duration,
    max_wait: Duration,
    first: Option<Instant>,
    last: Option<Instant>,
    files: BTreeSet<String>,
}

impl Debouncer {
    pub fn new(quiet: Duration, max_wait: Duration) -> Self {
        Self {
            quiet,
            max_wait,
            first: None,
            last: None,
            files: BTreeSet::new(),
        }
    }

    /// Notes a poll that found `files` changed at `now` (nothing when `files` is empty).
    /// Each change, even to a file already pending, restarts the quiet time.
    pub fn observe(&mut self, now: Instant, files: &[String]) {
        if files.is_empty() {
            return;
        }
        self.files.extend(files.iter().cloned());
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// When the pending files are due (`None`: nothing pending).
    pub fn deadline(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        Some((last + self.quiet).min(first + self.max_wait))
    }

    /// Whether the pending files are due at `now`.
    pub fn is_due(&self, now: Instant) -> bool {
        self.deadline().is_some_and(|deadline| now >= deadline)
    }

    /// The pending files (sorted), resetting the debouncer.
    pub fn take(&mut self) -> Vec<String> {
        self.first = None;
        self.last = None;
        std::mem::take(&mut self.files).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIET: Duration = Duration::from_millis(50);
    const MAX_WAIT: Duration = Duration::from_millis(500);

    fn ms(base: Instant, millis: u64) -> Instant {
        base + Duration::from_millis(millis)
    }

    #[test]
    fn test_debouncer_idle_has_no_deadline() {
        let mut debouncer = Debouncer::new(QUIET, MAX_WAIT);
        let now = Instant::now();
        debouncer.observe(now, &[]);
        assert_eq!(debouncer.deadline(), None);
        assert!(!debouncer.is_due(ms(now, 10_000)));
        assert!(debouncer.take().is_empty());
    }

    #[test]
    fn test_debouncer_burst_becomes_one_batch_after_quiet_time() {
        let mut debouncer = Debouncer::new(QUIET, MAX_WAIT);
        let t0 = Instant::now();
        debouncer.observe(t0, &["b.py".to_owned()]);
        debouncer.observe(ms(t0, 30), &["a.py".to_owned()]);
        assert!(!debouncer.is_due(ms(t0, 60)));
        assert_eq!(debouncer.deadline(), Some(ms(t0, 80)));
        assert!(debouncer.is_due(ms(t0, 80)));
        assert_eq!(debouncer.take(), ["a.py", "b.py"]);
        assert_eq!(debouncer.deadline(), None);
    }

    #[test]
    fn test_debouncer_rewrite_of_the_same_file_extends_the_quiet_time() {
        let mut debouncer = Debouncer::new(QUIET, MAX_WAIT);
        let t0 = Instant::now();
        debouncer.observe(t0, &["a.py".to_owned()]);
        debouncer.observe(ms(t0, 40), &["a.py".to_owned()]);
        assert!(!debouncer.is_due(ms(t0, 60)));
        assert!(debouncer.is_due(ms(t0, 90)));
        assert_eq!(debouncer.take(), ["a.py"]);
    }

    #[test]
    fn test_debouncer_endless_writes_are_due_after_max_wait() {
        let mut debouncer = Debouncer::new(QUIET, MAX_WAIT);
        let t0 = Instant::now();
        for step in 0..20 {
            debouncer.observe(ms(t0, step * 40), &[format!("m{step}.py")]);
        }
        assert_eq!(debouncer.deadline(), Some(ms(t0, 500)));
        assert!(debouncer.is_due(ms(t0, 500)));
        assert_eq!(debouncer.take().len(), 20);
    }
}
