//! The building blocks of `bolt dev` (the loop itself is `commands::dev`): what a save
//! changed ([`changes`]), which files are watched ([`watch`]), bursts of saves
//! ([`debounce`]), the Python worker ([`worker`]) and whether the server answers ([`probe`]).

pub mod changes;
pub mod debounce;
pub mod probe;
pub mod watch;
pub mod worker;
