//! `bolt dev`: build (dev profile), serve (`manage.py runbolt` as a child process), watch the
//! project's Python files, and on a save bring the served code up to date:
//!
//! - the contract is unchanged (a handler body, a helper module): restart the worker;
//! - the contract changed (routes, parameters, Structs): regenerate, rebuild incrementally
//!   (the new extension has a new, contract-hashed file name), then restart the worker;
//! - the code has errors, the build fails, or the new worker does not start: print why and
//!   keep serving the last good version.
//!
//! A restart starts the new worker next to the old one (both bind with `SO_REUSEPORT`) and
//! stops the old one only once the new one listens, so the port never goes unanswered.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, bail};
use bolt_codegen::manifest::Manifest;

use crate::cargo::Profile;
use crate::commands::build::{
    Built, Toolchain, compile, discover_reporting, record_current_sources, write_contract,
};
use crate::dev::changes::{self, Reload};
use crate::dev::debounce::Debouncer;
use crate::dev::probe;
use crate::dev::watch::{self, Changes, Watcher};
use crate::dev::worker::{STOP_GRACE, Startup, Worker, WorkerCommand};
use crate::project;

/// How often the project's files are listed while a burst of saves is being collected
/// (otherwise: `watch::poll_interval`, from what a poll costs).
const BURST_POLL_INTERVAL: Duration = Duration::from_millis(20);
/// A burst of saves is over after this much quiet...
const DEBOUNCE_QUIET: Duration = Duration::from_millis(50);
/// ...or this long after its first save.
const DEBOUNCE_MAX_WAIT: Duration = Duration::from_secs(1);
/// Longest sleep of the loop (how fast Ctrl-C is noticed).
const MAX_SLEEP: Duration = Duration::from_millis(50);
/// How long a new worker may take to listen (imports, `django.setup()`, verification).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the old worker may keep its listening socket after SIGTERM.
const UNLISTEN_TIMEOUT: Duration = Duration::from_secs(2);
/// How long the new worker may take to answer its first request once it listens.
const FIRST_ANSWER_TIMEOUT: Duration = Duration::from_secs(10);
/// Timeout of one readiness probe.
const PROBE_TIMEOUT: Duration = Duration::from_millis(500);
/// Pause between readiness probes.
const PROBE_INTERVAL: Duration = Duration::from_millis(5);
/// Prefix of `bolt dev`'s own messages (the worker's output is interleaved).
const TAG: &str = "[bolt dev]";

/// Options of `bolt dev`.
#[derive(Debug, Clone)]
pub struct DevOptions {
    pub project: Option<PathBuf>,
    pub host: String,
    pub port: u16,
}

/// Runs `bolt dev` until SIGINT/SIGTERM; stops the worker before returning.
pub fn run(options: &DevOptions) -> Result<ExitCode> {
    let stop = stop_flag()?;
    let root = project::locate_django_project(options.project.as_deref())?;
    if probe::answers(&options.host, options.port, PROBE_TIMEOUT) {
        bail!(
            "something already answers on http://{}:{}; stop it or pass another --port",
            options.host,
            options.port
        );
    }
    let toolchain = Toolchain::resolve(&root)?;
    let watcher = Watcher::new(&root)
        .with_context(|| format!("cannot list the files of {}", root.display()))?;
    let mut session = Session {
        command: WorkerCommand {
            python: toolchain.python.clone(),
            root: root.clone(),
            host: options.host.clone(),
            port: options.port,
        },
        root,
        toolchain,
        installed: None,
        worker: None,
        standby: None,
        retiring: Vec::new(),
        stop,
    };
    session.reload(&Trigger::Start);
    session.watch(watcher);
    session.shutdown();
    Ok(ExitCode::SUCCESS)
}

/// SIGINT/SIGTERM set the returned flag (a second one exits at once).
fn stop_flag() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Registered first, so it only fires when the flag is already set.
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&stop))
            .context("cannot install the signal handlers")?;
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("cannot install the signal handlers")?;
    }
    Ok(stop)
}

/// What started a reload.
#[derive(Debug)]
enum Trigger {
    Start,
    Saved {
        /// Project-relative files, sorted.
        files: Vec<String>,
        /// When the newest of them was written.
        saved_at: Instant,
    },
}

/// State of one `bolt dev` run.
#[derive(Debug)]
struct Session {
    root: PathBuf,
    toolchain: Toolchain,
    command: WorkerCommand,
    /// The manifest of the installed extension (`None` until a build succeeds).
    installed: Option<Manifest>,
    /// The worker serving the current version.
    worker: Option<Worker>,
    /// The next worker, libraries imported, waiting for `go`.
    standby: Option<Worker>,
    /// Old workers draining after SIGTERM, killed after their grace time.
    retiring: Vec<(Worker, Instant)>,
    stop: Arc<AtomicBool>,
}

impl Session {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Polls the files until stopped; each debounced burst of saves is one reload.
    fn watch(&mut self, mut watcher: Watcher) {
        let mut debouncer = Debouncer::new(DEBOUNCE_QUIET, DEBOUNCE_MAX_WAIT);
        let mut burst_saved_at: Option<Instant> = None;
        let mut last_poll = Instant::now();
        let mut next_poll = last_poll;
        while !self.stopping() {
            let now = Instant::now();
            if now >= next_poll {
                match watcher.poll() {
                    Ok(Changes { files, newest }) => {
                        if !files.is_empty() {
                            let saved = saved_at(now, SystemTime::now(), newest, last_poll);
                            burst_saved_at = burst_saved_at.max(Some(saved));
                        }
                        debouncer.observe(now, &files);
                    }
                    Err(error) => say(&format!("cannot list the project's files: {error}")),
                }
                last_poll = now;
                let interval = if debouncer.deadline().is_some() {
                    BURST_POLL_INTERVAL
                } else {
                    watch::poll_interval(now.elapsed())
                };
                next_poll = Instant::now() + interval;
            }
            if debouncer.is_due(Instant::now()) {
                let files = debouncer.take();
                let saved_at = burst_saved_at.take().unwrap_or(now);
                self.reload(&Trigger::Saved { files, saved_at });
                // Saves made during the reload are found by the next poll.
                next_poll = Instant::now();
            }
            self.check_worker();
            self.reap_retiring(false);
            let wake = debouncer
                .deadline()
                .map_or(next_poll, |deadline| deadline.min(next_poll));
            let sleep = wake
                .saturating_duration_since(Instant::now())
                .min(MAX_SLEEP);
            thread::sleep(sleep);
        }
    }

    /// Brings the served code up to date with the files (see the module docs).
    fn reload(&mut self, trigger: &Trigger) {
        let started = Instant::now();
        let mut timing = Timing {
            detect: match trigger {
                Trigger::Start => None,
                Trigger::Saved { saved_at, .. } => Some(started.duration_since(*saved_at)),
            },
            ..Timing::default()
        };
        let (manifest, sources) = match discover_reporting(&self.root) {
            Ok(Some(found)) => found,
            Ok(None) => {
                say(&format!("the code has errors; {}", self.fallback()));
                return;
            }
            Err(error) => {
                say(&format!("error: {error:#}; {}", self.fallback()));
                return;
            }
        };
        if let Err(error) = write_contract(&self.toolchain.layout, &manifest) {
            say(&format!("warning: {error:#}"));
        }
        timing.discover = started.elapsed();

        let reload = match &self.installed {
            Some(installed) => changes::classify(installed, &manifest),
            None => Reload::Rebuild(Vec::new()),
        };
        match (&reload, trigger) {
            (Reload::Restart, Trigger::Saved { files, .. }) => say(&format!(
                "{} → restarting the worker",
                changes::describe_restart(files, &manifest)
            )),
            (Reload::Restart, Trigger::Start) => {}
            (Reload::Rebuild(changes), Trigger::Saved { .. }) if !changes.is_empty() => {
                say(&format!(
                    "{} → rebuilding",
                    bolt_codegen::changes::describe_changes(changes)
                ))
            }
            (Reload::Rebuild(_), _) => {
                say(&format!("building {} (dev profile)…", counts(&manifest)))
            }
        }
        // Django starts in the next worker while cargo builds.
        let Some(next) = self.start_next_worker() else {
            return;
        };
        if let Reload::Rebuild(_) = reload {
            match compile(&self.toolchain, &manifest, &sources, Profile::Dev, false) {
                Ok(built) => timing.build = Some(built),
                Err(error) => {
                    eprintln!("error: {error:#}");
                    say(&format!("the build failed; {}", self.fallback()));
                    // It started Django with code that does not build: a fresh one next time.
                    self.stop_worker(next);
                    self.replenish_standby();
                    return;
                }
            }
            self.installed = Some(manifest.clone());
        } else if let Err(error) = record_current_sources(&self.toolchain.layout, &sources) {
            // The worker then asks `bolt verify` instead: slower, not wrong.
            say(&format!("warning: {error:#}"));
        }
        let serving = self.switch_to(next, &mut timing);
        self.replenish_standby();
        if serving {
            let address = format!("http://{}:{}", self.command.host, self.command.port);
            say(&format!(
                "serving {} on {address} — {}",
                counts(&manifest),
                timing.summary()
            ));
            if let Trigger::Start = trigger {
                say("watching for changes (Ctrl-C to stop)");
            }
        }
    }

    /// What keeps serving after a failure, for messages.
    fn fallback(&self) -> &'static str {
        if self.worker.is_some() {
            "still serving the previous version"
        } else {
            "nothing is served until it is fixed"
        }
    }

    /// The standby (or a new worker if it is gone), told to start Django.
    fn start_next_worker(&mut self) -> Option<Worker> {
        let alive = self
            .standby
            .as_mut()
            .is_some_and(|standby| matches!(standby.exit_status(), Ok(None)));
        let standby = match self.standby.take() {
            Some(standby) if alive => Ok(standby),
            _ => Worker::spawn_standby(&self.command),
        };
        let started = standby.and_then(|mut worker| worker.go().map(|()| worker));
        match started {
            Ok(worker) => Some(worker),
            Err(error) => {
                say(&format!("error: {error:#}; {}", self.fallback()));
                None
            }
        }
    }

    /// Lets `worker` serve the installed build and, once it listens, retires the old one.
    /// Returns whether the new worker serves.
    fn switch_to(&mut self, mut worker: Worker, timing: &mut Timing) -> bool {
        let overlap = cfg!(target_os = "linux");
        if !overlap && let Some(old) = self.worker.take() {
            self.stop_worker(old);
        }
        let spawned = Instant::now();
        if let Err(error) = worker.serve() {
            say(&format!("error: {error:#}"));
        }
        let startup = worker.wait_listening(
            &self.command.host,
            self.command.port,
            STARTUP_TIMEOUT,
            &self.stop,
        );
        match startup {
            Ok(Startup::Listening) => {}
            Ok(Startup::Exited(status)) => {
                say(&format!(
                    "the new worker exited ({status}) before serving; {}",
                    self.fallback()
                ));
                return false;
            }
            Ok(Startup::TimedOut) => {
                say(&format!(
                    "the new worker did not listen within {}s; {}",
                    STARTUP_TIMEOUT.as_secs(),
                    self.fallback()
                ));
                self.stop_worker(worker);
                return false;
            }
            Ok(Startup::Interrupted) => {
                self.stop_worker(worker);
                return false;
            }
            Err(error) => {
                say(&format!("error: {error:#}"));
                self.stop_worker(worker);
                return false;
            }
        }
        timing.worker = spawned.elapsed();

        let switched = Instant::now();
        if let Some(mut old) = self.worker.replace(worker) {
            old.terminate();
            // New connections must reach the new worker before it counts as serving.
            if let Err(error) = old.wait_unlistening(self.command.port, UNLISTEN_TIMEOUT) {
                say(&format!("warning: {error:#}"));
            }
            self.retiring.push((old, Instant::now() + STOP_GRACE));
        }
        let deadline = Instant::now() + FIRST_ANSWER_TIMEOUT;
        while !self.stopping()
            && !probe::answers(&self.command.host, self.command.port, PROBE_TIMEOUT)
        {
            if Instant::now() >= deadline {
                say("the new worker listens but does not answer HTTP requests");
                break;
            }
            thread::sleep(PROBE_INTERVAL);
        }
        timing.switch = switched.elapsed();
        true
    }

    /// Starts a standby unless one is waiting (or `bolt dev` is stopping).
    fn replenish_standby(&mut self) {
        if self.standby.is_some() || self.stopping() {
            return;
        }
        match Worker::spawn_standby(&self.command) {
            Ok(standby) => self.standby = Some(standby),
            Err(error) => say(&format!("warning: no standby worker: {error:#}")),
        }
    }

    /// Notices a worker that died on its own.
    fn check_worker(&mut self) {
        let Some(worker) = self.worker.as_mut() else {
            return;
        };
        match worker.exit_status() {
            Ok(Some(status)) => {
                say(&format!(
                    "the worker exited ({status}); save a file to start it again"
                ));
                self.worker = None;
            }
            Ok(None) => {}
            Err(error) => say(&format!("error: {error:#}")),
        }
    }

    /// Reaps retired workers that exited; kills those past their grace time (all of them,
    /// waiting, when `wait` is set).
    fn reap_retiring(&mut self, wait: bool) {
        let retiring = std::mem::take(&mut self.retiring);
        for (mut worker, deadline) in retiring {
            let exited = matches!(worker.exit_status(), Ok(Some(_)) | Err(_));
            if exited {
                continue;
            }
            if wait || Instant::now() >= deadline {
                let grace = deadline.saturating_duration_since(Instant::now());
                self.stop_worker_within(worker, grace);
            } else {
                self.retiring.push((worker, deadline));
            }
        }
    }

    fn stop_worker(&self, worker: Worker) {
        self.stop_worker_within(worker, STOP_GRACE);
    }

    fn stop_worker_within(&self, worker: Worker, grace: Duration) {
        if let Err(error) = worker.stop(grace) {
            say(&format!("error: {error:#}"));
        }
    }

    /// Stops every worker (SIGTERM, wait by PID, kill after the grace time).
    fn shutdown(&mut self) {
        say("stopping");
        for worker in [self.standby.take(), self.worker.take()]
            .into_iter()
            .flatten()
        {
            self.stop_worker(worker);
        }
        self.reap_retiring(true);
    }
}

/// Where the time of one reload went.
#[derive(Debug, Default)]
struct Timing {
    /// From the save to the reload (polling, debouncing); `None` at start-up.
    detect: Option<Duration>,
    /// Discovery, comparison, contract files.
    discover: Duration,
    build: Option<Built>,
    /// From telling the new worker to serve until it listens (its Django start-up already
    /// ran during the build, if there was one).
    worker: Duration,
    /// From then until the old worker has let go of the port and the new one answers.
    switch: Duration,
}

impl Timing {
    /// `612 ms after the save (detect 80, discover 3, worker 510, switch 19 ms)`; at start-up
    /// `… ms to start (…)`.
    fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(detect) = self.detect {
            parts.push(format!("detect {}", millis(detect)));
        }
        parts.push(format!("discover {}", millis(self.discover)));
        let mut build_total = Duration::ZERO;
        if let Some(built) = &self.build {
            build_total = built.generate + built.cargo + built.install;
            parts.push(format!(
                "build {} = generate {} + cargo {} + install {}",
                millis(build_total),
                millis(built.generate),
                millis(built.cargo),
                millis(built.install)
            ));
        }
        parts.push(format!("worker {}", millis(self.worker)));
        parts.push(format!("switch {}", millis(self.switch)));
        let total = self.detect.unwrap_or_default()
            + self.discover
            + build_total
            + self.worker
            + self.switch;
        let origin = if self.detect.is_some() {
            "after the save"
        } else {
            "to start"
        };
        format!("{} ms {origin} ({} ms)", millis(total), parts.join(", "))
    }
}

fn millis(duration: Duration) -> u128 {
    duration.as_millis()
}

/// When the newest saved file was written, as an `Instant`: its modification time, clamped
/// between the previous poll (it was not there yet) and this one (`now`, `now_wall`).
fn saved_at(
    now: Instant,
    now_wall: SystemTime,
    newest: Option<SystemTime>,
    previous_poll: Instant,
) -> Instant {
    let since_previous = now.duration_since(previous_poll);
    let age = newest
        .and_then(|modified| now_wall.duration_since(modified).ok())
        .unwrap_or_default()
        .min(since_previous);
    now.checked_sub(age).unwrap_or(now)
}

/// `6 routes` / `1 route`.
fn counts(manifest: &Manifest) -> String {
    match manifest.routes.len() {
        1 => "1 route".to_owned(),
        count => format!("{count} routes"),
    }
}

fn say(message: &str) {
    eprintln!("{TAG} {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_saved_at_uses_mtime_within_the_poll_window() {
        let previous = Instant::now();
        let now = previous + Duration::from_millis(100);
        let wall = SystemTime::now();
        let modified = wall - Duration::from_millis(30);
        assert_eq!(
            saved_at(now, wall, Some(modified), previous),
            now - Duration::from_millis(30)
        );
        // A modification time older than the previous poll (copied files, clock skew).
        let old = wall - Duration::from_secs(3600);
        assert_eq!(saved_at(now, wall, Some(old), previous), previous);
        // In the future, or unknown: now.
        let future = wall + Duration::from_secs(5);
        assert_eq!(saved_at(now, wall, Some(future), previous), now);
        assert_eq!(saved_at(now, wall, None, previous), now);
    }

    #[test]
    fn test_timing_summary_adds_up_the_steps() {
        let timing = Timing {
            detect: Some(Duration::from_millis(80)),
            discover: Duration::from_millis(3),
            build: Some(Built {
                extension: "lib/_bolt_app.0.so".into(),
                generate: Duration::from_millis(5),
                cargo: Duration::from_millis(1200),
                install: Duration::from_millis(15),
            }),
            worker: Duration::from_millis(500),
            switch: Duration::from_millis(20),
        };
        assert_eq!(
            timing.summary(),
            "1823 ms after the save (detect 80, discover 3, build 1220 = generate 5 + cargo \
             1200 + install 15, worker 500, switch 20 ms)"
        );
        let start = Timing {
            worker: Duration::from_millis(700),
            ..Timing::default()
        };
        assert_eq!(
            start.summary(),
            "700 ms to start (discover 0, worker 700, switch 0 ms)"
        );
    }

    #[test]
    fn test_counts_pluralises_routes() {
        let mut manifest = Manifest::new();
        assert_eq!(counts(&manifest), "0 routes");
        manifest.routes.push(bolt_codegen::manifest::Route {
            method: bolt_codegen::manifest::HttpMethod::Get,
            path: "/".into(),
            api: "a:api".into(),
            router: None,
            name: None,
            validate_response: true,
            handler: bolt_codegen::manifest::Handler {
                module: "a".into(),
                qualname: "f".into(),
                kind: bolt_codegen::manifest::HandlerKind::Sync,
            },
            params: Vec::new(),
            status_code: 200,
            response: None,
            operation: bolt_codegen::manifest::Operation::default(),
            span: bolt_codegen::manifest::Span {
                file: "a.py".into(),
                line: 1,
                column: 1,
            },
            dependencies: Vec::new(),
            responses: std::collections::BTreeMap::new(),
        });
        assert_eq!(counts(&manifest), "1 route");
    }
}
