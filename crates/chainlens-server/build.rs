//! Embeds the dashboard's third-party files when `scripts/build-dashboard.sh` has built
//! them into `dashboard/vendor/`: writes `$OUT_DIR/vendor.rs` with one `include_bytes!`
//! per file, or an empty list when any is missing (the API works either way; the server
//! then says how to build them).

use std::path::Path;

/// The files the dashboard loads and their media types.
const FILES: [(&str, &str); 4] = [
    ("vega.min.js", "text/javascript"),
    ("vega-lite.min.js", "text/javascript"),
    ("vega-embed.min.js", "text/javascript"),
    ("countries-110m.json", "application/json"),
];

fn main() {
    let dashboard = Path::new(env!("CARGO_MANIFEST_DIR")).join("dashboard");
    // The folder that holds `vendor/`, which cargo scans whole: naming `vendor/` itself
    // (or its files) while it is missing would make every build rerun this script and
    // recompile the server and the CLI.
    println!("cargo:rerun-if-changed={}", dashboard.display());
    let dir = dashboard.join("vendor");
    let all_there = FILES.iter().all(|(name, _)| dir.join(name).is_file());
    let mut code = String::from(
        "/// The dashboard's third-party files: name, media type, bytes.\npub const VENDOR: &[(&str, &str, &[u8])] = &[\n",
    );
    if all_there {
        for (name, media) in FILES {
            let path = dir.join(name);
            code += &format!(
                "    ({name:?}, {media:?}, include_bytes!({:?})),\n",
                path.display().to_string()
            );
        }
    }
    code += "];\n";
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("vendor.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
