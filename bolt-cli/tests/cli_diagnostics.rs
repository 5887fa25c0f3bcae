//! The `bolt` binary's output on projects it must refuse: every error fixture of
//! bolt-codegen is checked with `bolt check --project <fixture>`, and stderr plus the exit
//! code are snapshotted — what a user sees, byte for byte.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The error fixtures shared with bolt-codegen's discovery tests.
fn error_fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bolt-codegen/tests/fixtures/errors");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures directory exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// `bolt <args>` in `dir`; returns (exit code, stderr).
fn run_bolt(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_bolt"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("bolt runs");
    let code = output.status.code().expect("bolt exits with a code");
    (
        code,
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

#[test]
fn cli_check_error_fixtures_print_compiler_style_diagnostics_and_exit_1() {
    let fixtures = error_fixtures();
    assert!(
        fixtures.len() >= 12,
        "at least 12 distinct error cases, got {}",
        fixtures.len()
    );
    for fixture in fixtures {
        let name = fixture
            .file_name()
            .and_then(|n| n.to_str())
            .expect("fixture name");
        let (code, stderr) = run_bolt(&fixture, &["check", "--project", "."]);
        assert_eq!(code, 1, "{name}: bolt check must fail\n{stderr}");
        assert!(
            stderr.contains("error["),
            "{name}: diagnostics expected\n{stderr}"
        );
        insta::assert_snapshot!(format!("cli_check_{name}"), stderr);
    }
}

#[test]
fn cli_build_refuses_before_compiling_and_exits_1() {
    let fixture = error_fixtures()
        .into_iter()
        .find(|dir| dir.ends_with("many_errors"))
        .expect("many_errors fixture");
    let (code, stderr) = run_bolt(&fixture, &["build", "--project", "."]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !stderr.contains("Compiling"),
        "no compile on errors:\n{stderr}"
    );
    assert!(
        !fixture.join(".bolt").exists(),
        "nothing generated on errors"
    );
    assert!(
        !fixture.join("bolt").exists(),
        "no contract written on errors"
    );
}
