//! `chainlens fetch` against an HTTP server on the loopback address that each test
//! starts (serving files built from ../shared/data), and from a local folder: a whole
//! install, an interrupted transfer resumed, a corrupt file, a 404 from a mirror, an
//! unknown release and an unwritable data directory. No test reaches any other host.

use chainlens_fetch::{
    FetchError, Progress, Quiet, Source, fetch_baci, fetch_reference, installed,
};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// How the test server answers one path.
#[derive(Clone)]
enum Answer {
    /// The bytes, honouring `Range: bytes=N-`.
    Bytes(Vec<u8>),
    /// The first request gets the headers of the whole body and only its first half,
    /// then the connection closes; later requests are answered as `Bytes`.
    BreakOnce(Vec<u8>),
}

/// A bounded HTTP/1.1 server on 127.0.0.1: answers at most `limit` connections, then
/// stops by itself. Records each request's path and Range header.
struct Server {
    base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(answers: HashMap<String, Answer>, limit: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = log.clone();
        std::thread::spawn(move || {
            let answers = Mutex::new(answers);
            for stream in listener.incoming().take(limit).flatten() {
                serve(stream, &answers, &seen);
            }
        });
        Self { base, log }
    }
}

fn serve(
    mut stream: TcpStream,
    answers: &Mutex<HashMap<String, Answer>>,
    log: &Mutex<Vec<String>>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    reader.read_line(&mut request).unwrap();
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut from = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 || line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("range: bytes=") {
            from = v.trim().trim_end_matches('-').parse().unwrap();
        }
    }
    log.lock().unwrap().push(format!("{path} from {from}"));
    let answer = answers.lock().unwrap().get(&path).cloned();
    let respond = |stream: &mut TcpStream, status: &str, body: &[u8], length: usize| {
        let head =
            format!("HTTP/1.1 {status}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match answer {
        None => respond(&mut stream, "404 Not Found", b"", 0),
        Some(Answer::BreakOnce(bytes)) => {
            respond(
                &mut stream,
                "200 OK",
                &bytes[..bytes.len() / 2],
                bytes.len(),
            );
            answers.lock().unwrap().insert(path, Answer::Bytes(bytes));
        }
        Some(Answer::Bytes(bytes)) if from > 0 => {
            let rest = &bytes[from.min(bytes.len())..];
            respond(&mut stream, "206 Partial Content", rest, rest.len());
        }
        Some(Answer::Bytes(bytes)) => respond(&mut stream, "200 OK", &bytes, bytes.len()),
    }
}

/// The mirror layout of the reference data: `/<dataset>/<file>` for files without a
/// publisher URL, the publisher URL's path for the others (the ideal points inside a zip).
fn mirror_answers() -> HashMap<String, Answer> {
    let shared = chainlens_testing::shared_data();
    let mut answers = HashMap::new();
    for entry in std::fs::read_dir(shared.join("hs-concordance"))
        .unwrap()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            answers.insert(
                format!("/hs-concordance/{name}"),
                Answer::Bytes(std::fs::read(entry.path()).unwrap()),
            );
        }
    }
    answers.insert(
        "/iso-codes-team/iso-codes/-/raw/main/data/iso_3166-1.json".into(),
        Answer::Bytes(
            std::fs::read(shared.join("country-codes/pycountry_iso3166-1.json")).unwrap(),
        ),
    );
    let points =
        std::fs::read(shared.join("unga-ideal-points/IdealpointestimatesAll_Jun2024.csv")).unwrap();
    answers.insert(
        "/api/access/dataset/:persistentId/?persistentId=doi:10.7910/DVN/LEJUQZ".into(),
        Answer::Bytes(zip_of("IdealpointestimatesAll_Jun2024.csv", &points)),
    );
    answers
}

fn zip_of(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(bytes).unwrap();
    zip.finish().unwrap().into_inner()
}

fn read_dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn reference_data_installs_from_a_mirror_and_the_readers_use_it() {
    let server = Server::start(mirror_answers(), 64);
    let data = tempfile::tempdir().unwrap();
    let manifests =
        fetch_reference(data.path(), &Source::Mirror(server.base.clone()), &Quiet).unwrap();
    assert_eq!(manifests.len(), 3);
    assert_eq!(
        read_dir_names(data.path()),
        ["country-codes", "hs-concordance", "unga-ideal-points"]
    );
    // The readers find what was installed: the 3,286 HS2017 intermediate goods.
    let dir = chainlens_ingest::reference::ReferenceDir::new(data.path());
    let pairs = dir
        .hs_bec(chainlens_ingest::reference::HsEdition::Hs2017)
        .unwrap();
    assert_eq!(
        chainlens_ingest::reference::intermediate_goods(&pairs).len(),
        3286
    );
    assert_eq!(dir.ideal_points().unwrap().len(), 11_238);
    let listed = installed(data.path()).unwrap();
    let points = listed
        .iter()
        .find(|m| m.name == "unga-ideal-points")
        .unwrap();
    assert_eq!(points.files[0].size, 1_921_465);
    assert!(
        points.source[0].starts_with(&server.base),
        "{:?}",
        points.source
    );
}

#[test]
fn an_interrupted_download_resumes_where_it_stopped() {
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let path = "/DATA_DOWNLOAD/baci/data/BACI_HS17_V202501.zip";
    let server = Server::start(
        HashMap::from([(path.to_string(), Answer::BreakOnce(bytes.clone()))]),
        4,
    );
    let data = tempfile::tempdir().unwrap();
    let source = Source::Mirror(server.base.clone());
    let err = fetch_baci(data.path(), "17", None, &source, &Quiet).unwrap_err();
    assert!(matches!(err, FetchError::Transfer { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("run the same command again to resume"),
        "{err}"
    );
    assert!(
        !data.path().join("baci-hs17-V202501").exists(),
        "nothing installed"
    );
    // The second run asks for the rest only, and the file is whole.
    let manifest = fetch_baci(data.path(), "17", None, &source, &Quiet).unwrap();
    let log = server.log.lock().unwrap().clone();
    assert_eq!(
        log,
        [format!("{path} from 0"), format!("{path} from 100000")]
    );
    let installed =
        std::fs::read(data.path().join("baci-hs17-V202501/BACI_HS17_V202501.zip")).unwrap();
    assert_eq!(installed, bytes);
    assert_eq!(manifest.files[0].size, 200_000);
}

/// Stops the transfer after its first block, as Ctrl-C in a notebook does.
struct StopAfterFirstBlock(Mutex<Vec<u64>>);

impl Progress for StopAfterFirstBlock {
    fn advance(&self, _: &str, done: u64, _: Option<u64>) {
        self.0.lock().unwrap().push(done);
    }
    fn cancelled(&self) -> bool {
        true
    }
}

#[test]
fn a_stopped_download_installs_nothing_and_the_next_call_resumes() {
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 241) as u8).collect();
    let path = "/DATA_DOWNLOAD/baci/data/BACI_HS17_V202501.zip";
    let server = Server::start(
        HashMap::from([(path.to_string(), Answer::Bytes(bytes.clone()))]),
        4,
    );
    let data = tempfile::tempdir().unwrap();
    let source = Source::Mirror(server.base.clone());
    let stop = StopAfterFirstBlock(Mutex::new(Vec::new()));
    let err = fetch_baci(data.path(), "17", None, &source, &stop).unwrap_err();
    let kept = stop.0.lock().unwrap()[0];
    assert!(kept > 0 && kept < 300_000, "{kept}");
    assert_eq!(
        err.to_string(),
        format!(
            "{}{path}: stopped after {kept} bytes; run the same command again to resume",
            server.base
        )
    );
    assert!(!data.path().join("baci-hs17-V202501").exists());
    fetch_baci(data.path(), "17", None, &source, &Quiet).unwrap();
    let log = server.log.lock().unwrap().clone();
    assert_eq!(
        log,
        [format!("{path} from 0"), format!("{path} from {kept}")]
    );
    let installed =
        std::fs::read(data.path().join("baci-hs17-V202501/BACI_HS17_V202501.zip")).unwrap();
    assert_eq!(installed, bytes);
}

#[test]
fn a_corrupt_file_installs_nothing_and_names_the_url() {
    let mut answers = mirror_answers();
    answers.insert(
        "/hs-concordance/hs5_bec4.csv".into(),
        Answer::Bytes(b"HS5_6d\n010121\n".to_vec()),
    );
    let server = Server::start(answers, 64);
    let data = tempfile::tempdir().unwrap();
    let err =
        fetch_reference(data.path(), &Source::Mirror(server.base.clone()), &Quiet).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "{}/hs-concordance/hs5_bec4.csv: size is 14, the catalogue says 132309",
            server.base
        )),
        "{text}"
    );
    assert!(!data.path().join("hs-concordance").exists());
}

#[test]
fn a_mirror_that_answers_404_names_the_url() {
    let server = Server::start(HashMap::new(), 4);
    let data = tempfile::tempdir().unwrap();
    let err = fetch_baci(
        data.path(),
        "92",
        Some("V202401b"),
        &Source::Mirror(server.base.clone()),
        &Quiet,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}/DATA_DOWNLOAD/baci/data/BACI_HS92_V202401b.zip: HTTP 404 (not found: check the release name, or the --mirror URL)",
            server.base
        )
    );
    assert_eq!(
        read_dir_names(data.path()),
        [".partial"],
        "only the resumable part"
    );
}

#[test]
fn unknown_releases_and_editions_are_refused_before_any_transfer() {
    let data = tempfile::tempdir().unwrap();
    let err = fetch_baci(
        data.path(),
        "17",
        Some("V199901"),
        &Source::Publisher,
        &Quiet,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "--release: `V199901` is not a known BACI release (V202301, V202401b, V202501)"
    );
    let err = fetch_baci(data.path(), "18", None, &Source::Publisher, &Quiet).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("--hs: `18` is not a BACI edition"),
        "{err}"
    );
}

#[test]
fn a_local_folder_installs_offline_and_an_unwritable_directory_is_named() {
    let shared = chainlens_testing::shared_data();
    let data = tempfile::tempdir().unwrap();
    let manifests = fetch_reference(data.path(), &Source::Folder(shared.clone()), &Quiet).unwrap();
    assert_eq!(manifests[0].files.len(), 29);
    // A file that is not a directory cannot hold the data directory.
    let blocked = data.path().join("file");
    std::fs::write(&blocked, "x").unwrap();
    let err = fetch_reference(&blocked.join("data"), &Source::Folder(shared), &Quiet).unwrap_err();
    assert!(
        err.to_string()
            .contains("set CHAINLENS_DATA or --data-dir to a writable directory"),
        "{err}"
    );
    // A --from folder without the files says what layout it needs.
    let empty = tempfile::tempdir().unwrap();
    let err =
        fetch_reference(data.path(), &Source::Folder(empty.path().into()), &Quiet).unwrap_err();
    assert!(
        err.to_string().contains("laid out like ../shared/data"),
        "{err}"
    );
    // The earlier install is untouched by the failed one.
    assert_eq!(installed(data.path()).unwrap().len(), 3);
}
