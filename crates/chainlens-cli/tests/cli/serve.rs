//! `chainlens serve`: the running server answers with the bytes the CLI writes for the
//! same request (vulnerability tables, a chain diagnosis), answers a malformed scenario or
//! candidates file with a 400 carrying the CLI's message for the same file, refuses to
//! start on a malformed chain file with `chain check`'s message, and refuses a
//! non-loopback address without a token. The server listens on a free loopback port and is stopped
//! by the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A `chainlens serve` child and the address it listens on.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chainlens"))
            .arg("serve")
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .env("CHAINLENS_NO_REEXEC", "1")
            .env("CHAINLENS_DATA", crate::data_dir())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chainlens serve starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("a line on stderr").unwrap();
            if let Some(rest) = line.strip_prefix("chainlens listening on http://") {
                break rest.split(' ').next().unwrap().to_string();
            }
        };
        // Keep reading the request log so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, addr }
    }

    /// Sends one request and returns the status and body.
    fn request(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let mut stream = std::net::TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, body.to_string())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cli(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .env("CHAINLENS_NO_REEXEC", "1")
        .env("CHAINLENS_DATA", crate::data_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "chainlens {args:?}");
}

#[test]
fn the_server_sends_the_tables_the_cli_writes() {
    let repo = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let chains = format!("{repo}/examples/chains");
    let server = Server::start(&["--chains", &chains]);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("chn");
    cli(&[
        "vulnerability",
        "--importer",
        "CHN",
        "--out",
        out.to_str().unwrap(),
    ]);
    for table in [
        "products",
        "categories",
        "chapters",
        "dominance",
        "suppliers",
    ] {
        let path = format!("/api/v1/vulnerability/CHN?format=csv&table={table}");
        let (status, body) = server.request("GET", &path, "");
        assert_eq!(status, 200, "{body}");
        let written = std::fs::read_to_string(out.join(format!("{table}.csv"))).unwrap();
        assert_eq!(body, written, "{table}");
    }
    let diagnosed = tmp.path().join("eyewear");
    let chain = format!("{chains}/eyewear-ouhai.toml");
    cli(&[
        "chain",
        "diagnose",
        &chain,
        "--out",
        diagnosed.to_str().unwrap(),
    ]);
    for table in ["diagnosis", "exposure", "coupling"] {
        let path = format!("/api/v1/chains/eyewear-ouhai/diagnose?format=csv&table={table}");
        let (status, body) = server.request("POST", &path, "{}");
        assert_eq!(status, 200, "{body}");
        let written = std::fs::read_to_string(diagnosed.join(format!("{table}.csv"))).unwrap();
        assert_eq!(body, written, "{table}");
    }
    // `chain compare` prints its report; the server sends the same Markdown.
    let plan = format!("{chains}/eyewear-ouhai-plan.toml");
    let printed = crate::command(&["chain", "compare", &chain, &plan])
        .output()
        .unwrap();
    assert!(printed.status.success());
    let body = serde_json::json!({ "plan": {
        "toml": std::fs::read_to_string(&plan).unwrap(),
        "label": "eyewear-ouhai-plan.toml",
    } });
    let (status, answer) = server.request(
        "POST",
        "/api/v1/chains/eyewear-ouhai/compare",
        &body.to_string(),
    );
    assert_eq!(status, 200, "{answer}");
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(
        answer["meta"]["report"].as_str().unwrap(),
        String::from_utf8_lossy(&printed.stdout)
    );
    let (status, body) = server.request("GET", "/api/v1/nowhere", "");
    assert_eq!(status, 404, "{body}");
}

#[test]
fn a_public_address_needs_a_token() {
    let output = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(["serve", "--bind", "0.0.0.0:0"])
        .env("CHAINLENS_NO_REEXEC", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: refusing to serve on 0.0.0.0:0 without a token"),
        "{stderr}"
    );
}

/// The message of the `error:` line `chainlens args` prints when run in `dir` (exit 1).
fn cli_error(dir: &Path, args: &[&str]) -> String {
    let output = crate::command(args).current_dir(dir).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "chainlens {args:?}");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    stderr
        .lines()
        .find_map(|line| line.strip_prefix("error: "))
        .unwrap_or_else(|| panic!("no error line: {stderr}"))
        .to_string()
}

/// Posts `body` to `path` and returns the error of the 400 answer.
fn bad_request(server: &Server, path: &str, body: &serde_json::Value) -> String {
    let (status, reply) = server.request("POST", path, &body.to_string());
    assert_eq!(status, 400, "{reply}");
    let json: serde_json::Value = serde_json::from_str(&reply).unwrap();
    json["error"].as_str().unwrap().to_string()
}

#[test]
fn malformed_files_get_the_cli_message_in_a_400() {
    let repo = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let chains = format!("{repo}/examples/chains");
    let server = Server::start(&["--chains", &chains]);
    let tmp = tempfile::tempdir().unwrap();
    // A syntax error, an unknown country and a cut outside [0, 1].
    let scenarios = [
        "[scenario]\nname = \"x\"\n[[restriction]\n",
        "[scenario]\nname = \"x\"\n\n[[restriction]]\nexporters = [\"JAP\"]\ncut = 0.5\n",
        "[scenario]\nname = \"x\"\n\n[[restriction]]\nexporters = [\"JPN\"]\ncut = 1.5\n",
    ];
    for text in scenarios {
        std::fs::write(tmp.path().join("bad.toml"), text).unwrap();
        let printed = cli_error(tmp.path(), &["scenario", "run", "bad.toml"]);
        assert!(printed.starts_with("bad.toml:"), "{printed}");
        let body = serde_json::json!({ "toml": text, "label": "bad.toml" });
        assert_eq!(bad_request(&server, "/api/v1/scenario", &body), printed);
    }
    // Candidates posted to a chain route: a scale that is not one of the four.
    let candidates = "id,name,kind,country,scale,segment,hs6,capacity\n\
                      api-in,API maker,firm,IND,regional,specialty-apis,293729,200\n";
    std::fs::write(tmp.path().join("bad.csv"), candidates).unwrap();
    let chain = format!("{chains}/steroids-xianju.toml");
    let printed = cli_error(
        tmp.path(),
        &["chain", "attract", &chain, "--candidates", "bad.csv"],
    );
    assert!(printed.starts_with("bad.csv:2: field `scale`"), "{printed}");
    let body = serde_json::json!({ "candidates": candidates, "candidates_label": "bad.csv" });
    let answer = bad_request(&server, "/api/v1/chains/steroids-xianju/attract", &body);
    assert_eq!(answer, printed);
    // A plan posted for comparison: a segment id given twice.
    let plan = std::fs::read_to_string(&chain).unwrap();
    let segment = plan.find("[[segment]]").unwrap();
    let end = plan[segment + 1..].find("[[segment]]").unwrap() + segment + 1;
    let plan = format!("{}{}", plan, &plan[segment..end]);
    std::fs::write(tmp.path().join("plan.toml"), &plan).unwrap();
    let printed = cli_error(tmp.path(), &["chain", "compare", &chain, "plan.toml"]);
    assert!(printed.starts_with("plan.toml:"), "{printed}");
    let body = serde_json::json!({ "plan": { "toml": plan, "label": "plan.toml" } });
    let answer = bad_request(&server, "/api/v1/chains/steroids-xianju/compare", &body);
    assert_eq!(answer, printed);
}

#[test]
fn a_malformed_chain_file_stops_the_server_with_the_check_message() {
    let tmp = tempfile::tempdir().unwrap();
    let chain = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/chains/steroids-xianju.toml"
    ))
    .unwrap()
    .replace("capacity = 80.0", "capacity = nan");
    std::fs::write(tmp.path().join("bad.toml"), chain).unwrap();
    let printed = cli_error(tmp.path(), &["chain", "check", "bad.toml"]);
    assert!(printed.starts_with("bad.toml:"), "{printed}");
    let served = cli_error(
        tmp.path(),
        &["serve", "--bind", "127.0.0.1:0", "--chains", "."],
    );
    assert_eq!(served, printed);
}
