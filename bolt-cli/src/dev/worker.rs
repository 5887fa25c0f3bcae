//! The Python workers `bolt dev` serves with (`manage.py runbolt --dev-worker`): the one
//! serving, and a *standby* started ahead of time that has already imported the libraries
//! (Django, msgspec, django_bolt, …) but none of the project's code. A reload tells the standby
//! `go` (run `manage.py`: settings, apps, checks, with the code as it is now) and `serve`
//! (load the extension, verify, serve) on its stdin; for a rebuild, `go` comes before cargo
//! runs, so Django starts during the build. EOF makes a standby exit. See runbolt.py.
//!
//! `--dev-worker` makes runbolt bind with `SO_REUSEPORT`, so the next version starts while
//! the current one still serves, and exit when `bolt dev` dies. A new worker is ready when
//! it has a listening socket on the port: on Linux, read from `/proc` (the socket's inode
//! among the process's file descriptors), so readiness is the new worker's, not whichever
//! process the kernel hands a probe connection to.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::project::MANAGE_PY;

/// The Django management command that serves a built project.
const RUNBOLT: &str = "runbolt";
/// runbolt's internal flag for a `bolt dev` worker (see the module docs).
const DEV_WORKER_FLAG: &str = "--dev-worker";
/// What a standby runs: preload the libraries, then wait for `go` (runbolt.py).
const STANDBY_BOOTSTRAP: &str =
    "from django_bolt.management.commands.runbolt import dev_standby; dev_standby()";
/// Tells a standby to run `manage.py` (settings, apps, checks).
const GO: &str = "go\n";
/// Tells a worker to load the extension and serve.
const SERVE: &str = "serve\n";
/// Seconds a stopped worker gets to finish in-flight requests (runbolt's drain timeout).
const DRAIN_SECONDS: u64 = 2;
/// How long a stopped worker may take to exit before it is killed.
pub const STOP_GRACE: Duration = Duration::from_secs(DRAIN_SECONDS + 3);
/// How often a starting or stopping worker is looked at.
const CHECK_INTERVAL: Duration = Duration::from_millis(5);
/// State of a listening TCP socket in `/proc/net/tcp{,6}`.
const TCP_LISTEN: &str = "0A";
/// Tables of TCP sockets (IPv4, IPv6) on Linux.
const PROC_NET_TCP: &[&str] = &["/proc/net/tcp", "/proc/net/tcp6"];

/// How to start a worker.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub python: PathBuf,
    pub root: PathBuf,
    pub host: String,
    pub port: u16,
}

/// The interpreter's arguments: `-c <bootstrap> manage.py runbolt --host H --port P ...`.
pub fn standby_args(host: &str, port: u16) -> Vec<String> {
    [
        "-c",
        STANDBY_BOOTSTRAP,
        MANAGE_PY,
        RUNBOLT,
        "--host",
        host,
        "--port",
        &port.to_string(),
        "--workers-kill-timeout",
        &DRAIN_SECONDS.to_string(),
        DEV_WORKER_FLAG,
    ]
    .iter()
    .map(|arg| (*arg).to_owned())
    .collect()
}

/// One worker process.
#[derive(Debug)]
pub struct Worker {
    child: Child,
    /// Open until `serve` was sent.
    stdin: Option<ChildStdin>,
}

/// How waiting for a new worker ended.
#[derive(Debug)]
pub enum Startup {
    /// It listens on the port.
    Listening,
    /// It exited first (its output says why).
    Exited(ExitStatus),
    TimedOut,
    /// `bolt dev` is stopping.
    Interrupted,
}

impl Worker {
    /// Starts a standby worker; its output goes to `bolt dev`'s.
    pub fn spawn_standby(command: &WorkerCommand) -> Result<Self> {
        let mut process = Command::new(&command.python);
        process
            .args(standby_args(&command.host, command.port))
            .current_dir(&command.root)
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::piped());
        // A process group of its own: Ctrl-C in the terminal reaches `bolt dev` only, which
        // then stops its workers in order (no half-started worker's traceback).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut process, 0);
        let mut child = process
            .spawn()
            .with_context(|| format!("cannot run {}", command.python.display()))?;
        let stdin = child.stdin.take();
        Ok(Self { child, stdin })
    }

    /// Tells a standby to start Django with the project's code as it is now.
    pub fn go(&mut self) -> Result<()> {
        self.send(GO)
    }

    /// Tells a started worker to load the installed extension and serve.
    pub fn serve(&mut self) -> Result<()> {
        self.send(SERVE)?;
        self.stdin = None;
        Ok(())
    }

    fn send(&mut self, line: &str) -> Result<()> {
        let pid = self.pid();
        let stdin = self
            .stdin
            .as_mut()
            .with_context(|| format!("worker {pid} takes no more commands"))?;
        stdin
            .write_all(line.as_bytes())
            .and_then(|()| stdin.flush())
            .with_context(|| format!("worker {pid} did not take `{}`", line.trim_end()))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The exit status if the worker has exited.
    pub fn exit_status(&mut self) -> Result<Option<ExitStatus>> {
        self.child
            .try_wait()
            .with_context(|| format!("cannot wait for worker {}", self.pid()))
    }

    /// Waits until the worker listens on `port`, exits, `timeout` passes, or `stop` is set.
    /// Without `/proc` (not Linux) it waits for the port to answer instead.
    pub fn wait_listening(
        &mut self,
        host: &str,
        port: u16,
        timeout: Duration,
        stop: &AtomicBool,
    ) -> Result<Startup> {
        let deadline = Instant::now() + timeout;
        let proc_available = Path::new(PROC_NET_TCP[0]).exists();
        loop {
            if let Some(status) = self.exit_status()? {
                return Ok(Startup::Exited(status));
            }
            let listening = if proc_available {
                is_listening(self.pid(), port)
            } else {
                super::probe::answers(host, port, CHECK_INTERVAL * 20)
            };
            if listening {
                return Ok(Startup::Listening);
            }
            if stop.load(Ordering::SeqCst) {
                return Ok(Startup::Interrupted);
            }
            if Instant::now() >= deadline {
                return Ok(Startup::TimedOut);
            }
            thread::sleep(CHECK_INTERVAL);
        }
    }

    /// Asks the worker to stop: SIGTERM, on which it stops accepting connections and drains
    /// the in-flight requests.
    pub fn terminate(&mut self) {
        if matches!(self.exit_status(), Ok(None)) {
            terminate(&self.child);
        }
    }

    /// Waits (at most `timeout`) until the worker no longer listens on `port`: after
    /// [`Self::terminate`], new connections then reach only the other worker. Without `/proc`
    /// it returns at once.
    pub fn wait_unlistening(&mut self, port: u16, timeout: Duration) -> Result<()> {
        if !Path::new(PROC_NET_TCP[0]).exists() {
            return Ok(());
        }
        let deadline = Instant::now() + timeout;
        while self.exit_status()?.is_none() && is_listening(self.pid(), port) {
            if Instant::now() >= deadline {
                bail!(
                    "worker {} still listens {}s after SIGTERM",
                    self.pid(),
                    timeout.as_secs()
                );
            }
            thread::sleep(CHECK_INTERVAL);
        }
        Ok(())
    }

    /// Asks the worker to stop (SIGTERM: it drains in-flight requests) and waits for it to
    /// exit, by PID; kills it after `grace`.
    pub fn stop(mut self, grace: Duration) -> Result<ExitStatus> {
        // A standby exits on EOF.
        self.stdin = None;
        if let Some(status) = self.exit_status()? {
            return Ok(status);
        }
        terminate(&self.child);
        let deadline = Instant::now() + grace;
        while Instant::now() < deadline {
            if let Some(status) = self.exit_status()? {
                return Ok(status);
            }
            thread::sleep(CHECK_INTERVAL);
        }
        eprintln!(
            "[bolt dev] worker {} did not stop within {}s; killing it",
            self.pid(),
            grace.as_secs()
        );
        // Fails only if it exited meanwhile; `wait` reports either way.
        let _ = self.child.kill();
        self.child
            .wait()
            .with_context(|| format!("cannot wait for worker {}", self.pid()))
    }
}

/// Sends SIGTERM (on Unix; elsewhere the process is killed).
#[cfg(unix)]
fn terminate(child: &Child) {
    use rustix::process::{Pid, Signal, kill_process};
    // Fails only if the process is already gone, which `stop` notices next.
    let _ = kill_process(Pid::from_child(child), Signal::TERM);
}

#[cfg(not(unix))]
fn terminate(child: &Child) {
    let _ = child;
}

/// Whether process `pid` has a socket listening on TCP `port` (Linux `/proc`).
fn is_listening(pid: u32, port: u16) -> bool {
    let listening: Vec<u64> = PROC_NET_TCP
        .iter()
        .filter_map(|table| fs::read_to_string(table).ok())
        .flat_map(|table| listening_inodes(&table, port))
        .collect();
    if listening.is_empty() {
        return false;
    }
    let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.flatten()
        .filter_map(|fd| fs::read_link(fd.path()).ok())
        .filter_map(|target| target.to_str().and_then(socket_inode))
        .any(|inode| listening.contains(&inode))
}

/// The inodes of the sockets listening on `port` in a `/proc/net/tcp{,6}` table:
/// `sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...`, with
/// `local_address` as `HEXADDR:HEXPORT`.
pub fn listening_inodes(table: &str, port: u16) -> Vec<u64> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let local = columns.get(1)?;
            let state = columns.get(3)?;
            let inode = columns.get(9)?;
            let (_, hex_port) = local.rsplit_once(':')?;
            let listens = *state == TCP_LISTEN && u16::from_str_radix(hex_port, 16) == Ok(port);
            listens.then(|| inode.parse().ok()).flatten()
        })
        .collect()
}

/// `socket:[12345]` → 12345.
pub fn socket_inode(link: &str) -> Option<u64> {
    link.strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 0100007F:D3A2 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 20 4 30 10 -1
   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 100 0 0 10 0
   3: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4545 1 0000000000000000 100 0 0 10 0
";

    #[test]
    fn test_listening_inodes_picks_listeners_on_the_port() {
        assert_eq!(listening_inodes(TABLE, 8080), [4242, 4545]);
        assert_eq!(listening_inodes(TABLE, 80), [4444]);
        assert!(listening_inodes(TABLE, 9000).is_empty());
        assert!(listening_inodes("header only\n", 8080).is_empty());
    }

    #[test]
    fn test_socket_inode_parses_fd_links() {
        assert_eq!(socket_inode("socket:[4242]"), Some(4242));
        assert_eq!(socket_inode("pipe:[4242]"), None);
        assert_eq!(socket_inode("/dev/null"), None);
    }

    #[test]
    fn test_standby_args_run_manage_py_runbolt_as_a_dev_worker() {
        let args = standby_args("127.0.0.1", 8001);
        assert_eq!(args[0], "-c");
        assert!(args[1].contains("dev_standby()"), "{}", args[1]);
        assert_eq!(
            args[2..],
            [
                "manage.py",
                "runbolt",
                "--host",
                "127.0.0.1",
                "--port",
                "8001",
                "--workers-kill-timeout",
                "2",
                "--dev-worker"
            ]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn test_is_listening_sees_this_process_listener() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        assert!(is_listening(std::process::id(), port));
        drop(listener);
        assert!(!is_listening(std::process::id(), port));
    }
}
