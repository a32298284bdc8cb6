//! Golden-file tests of the `chainlens` binary: exit code, stdout and stderr of each
//! command are snapshotted (`insta`), temp paths replaced by `[TMP]`. Modules by purpose.

mod columns;
mod data;
mod engine;
mod errors;
mod exposure;
mod gravity;
mod gravity_io;
mod input_output;
mod regional_chains;
mod restructuring;
mod scenarios;
mod serve;
mod trade;

use std::path::Path;
use std::process::Command;

/// Writes a one-year BACI folder `<tmp>/baci` holding `csv` and returns its path.
pub fn baci_folder(tmp: &Path, csv: &str) -> std::path::PathBuf {
    let dir = tmp.join("baci");
    baci_year_file(&dir, 2018, csv);
    dir
}

/// Writes `csv` as the BACI HS17 file of `year` in `dir` (created when missing).
pub fn baci_year_file(dir: &Path, year: u16, csv: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(format!("BACI_HS17_Y{year}_V202401.csv")), csv).unwrap();
}

/// The reference data directory of the tests: `../shared/data`, laid out as
/// `chainlens fetch reference` installs it.
pub fn data_dir() -> std::path::PathBuf {
    chainlens_testing::shared_data()
}

/// `chainlens` with `args`, the test data directory and no re-exec.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chainlens"));
    command
        .args(args)
        .env("CHAINLENS_NO_REEXEC", "1")
        .env("CHAINLENS_DATA", data_dir());
    command
}

/// Runs `chainlens` with `args` and renders exit code, stdout and stderr for a snapshot.
pub fn run(args: &[&str], tmp: Option<&Path>) -> String {
    let output = command(args).output().expect("chainlens runs");
    let mut text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if let Some(tmp) = tmp {
        text = text.replace(&tmp.display().to_string(), "[TMP]");
    }
    text.replace(&data_dir().display().to_string(), "[DATA]")
        .replace(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."), "[REPO]")
}

/// Snapshots a command's exit code and output under `name`.
#[macro_export]
macro_rules! cli_snapshot {
    ($name:expr, $args:expr) => {
        insta::assert_snapshot!($name, $crate::run($args, None))
    };
    ($name:expr, $args:expr, $tmp:expr) => {
        insta::assert_snapshot!($name, $crate::run($args, Some($tmp)))
    };
}
