//! `flows.columns`, the cache's raw column file beside `flows.parquet`: the same rows
//! as the Parquet file, each column stored as its values in native byte order from a
//! page boundary, so that opening a cache is one memory map and the columns of
//! [`TradeFlows`] borrow the mapped pages (no copy, no decoding; the pages are read
//! when an analysis first touches them).
//!
//! Layout: a 64-byte header (magic, byte-order mark, version, rows, and the length and
//! a hash of `flows.parquet`'s footer), then year (u16), product (u32), exporter (u16),
//! importer (u16), value (f64) and quantity (f64), each starting at a multiple of 4,096
//! bytes. The footer hash ties the file to the Parquet file it was written with: a
//! Parquet file rewritten by another tool makes the column file stale, and the cache
//! is then read from Parquet.
//!
//! The file is written under a temporary name and renamed into place, so a process
//! still mapping an older cache keeps its (unlinked) pages.

use crate::IngestError;
use chainlens_model::{Column, Plain, SharedBytes, TradeFlows};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

/// The raw column file of a cache directory.
pub const COLUMNS_FILE: &str = "flows.columns";
const MAGIC: &[u8; 8] = b"CLNSCOLS";
const BYTE_ORDER_MARK: u32 = 0x0102_0304;
const VERSION: u32 = 1;
const HEADER_BYTES: usize = 64;
const PAGE: usize = 4096;

/// What the header records.
#[derive(Debug, PartialEq, Eq)]
struct Header {
    rows: u64,
    parquet: ParquetFingerprint,
}

/// The length of a Parquet file and a hash of its footer (the file metadata, which
/// names every row group's offsets, sizes and statistics).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParquetFingerprint {
    length: u64,
    footer_hash: u64,
}

impl ParquetFingerprint {
    /// The fingerprint of the Parquet file at `path`.
    pub fn of(path: &Path) -> std::io::Result<Self> {
        let mut file = std::fs::File::open(path)?;
        let length = file.metadata()?.len();
        let footer_length = footer_length(&mut file, length)?;
        file.seek(SeekFrom::Start(length - footer_length))?;
        let mut footer = vec![0; footer_length as usize];
        file.read_exact(&mut footer)?;
        Ok(Self {
            length,
            footer_hash: fnv1a(&footer),
        })
    }
}

/// The footer's length with its 8-byte trailer, 0 when the file is too short for one.
fn footer_length(file: &mut std::fs::File, length: u64) -> std::io::Result<u64> {
    if length < 8 {
        return Ok(0);
    }
    file.seek(SeekFrom::Start(length - 8))?;
    let mut trailer = [0; 8];
    file.read_exact(&mut trailer)?;
    let metadata = u64::from(u32::from_le_bytes(
        trailer[..4].try_into().expect("4 bytes"),
    ));
    Ok((metadata + 8).min(length))
}

/// FNV-1a, 64 bits: a stable hash that needs no dependency.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Bytes per value of year, product, exporter, importer, value and quantity.
const VALUE_BYTES: [usize; 6] = [2, 4, 2, 2, 8, 8];

/// Where each column starts, for `rows` rows: year, product, exporter, importer,
/// value, quantity; the last entry is the file's length.
fn column_offsets(rows: usize) -> [usize; 7] {
    let mut offsets = [0; 7];
    let mut next = HEADER_BYTES;
    for (i, size) in VALUE_BYTES.into_iter().enumerate() {
        next = next.next_multiple_of(PAGE);
        offsets[i] = next;
        next += rows * size;
    }
    offsets[6] = next;
    offsets
}

fn header_bytes(header: &Header) -> [u8; HEADER_BYTES] {
    let mut bytes = [0; HEADER_BYTES];
    bytes[..8].copy_from_slice(MAGIC);
    bytes[8..12].copy_from_slice(&BYTE_ORDER_MARK.to_ne_bytes());
    bytes[12..16].copy_from_slice(&VERSION.to_ne_bytes());
    bytes[16..24].copy_from_slice(&header.rows.to_ne_bytes());
    bytes[24..32].copy_from_slice(&header.parquet.length.to_ne_bytes());
    bytes[32..40].copy_from_slice(&header.parquet.footer_hash.to_ne_bytes());
    bytes
}

/// The header, or `None` when the bytes are not a column file this build writes.
fn parse_header(bytes: &[u8]) -> Option<Header> {
    let word = |at: usize| u64::from_ne_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let half = |at: usize| u32::from_ne_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    (bytes.len() >= HEADER_BYTES
        && &bytes[..8] == MAGIC
        && half(8) == BYTE_ORDER_MARK
        && half(12) == VERSION)
        .then(|| Header {
            rows: word(16),
            parquet: ParquetFingerprint {
                length: word(24),
                footer_hash: word(32),
            },
        })
}

/// A column file written but not yet tied to its Parquet file nor in place.
#[must_use = "a column file is used only once sealed"]
pub struct Unsealed {
    partial: std::path::PathBuf,
    path: std::path::PathBuf,
    rows: u64,
}

/// Writes the columns of `flows` for the column file `path`, under a temporary name
/// and with a blank header, so that the Parquet file can be written at the same time.
pub fn write_unsealed(flows: &TradeFlows, path: &Path) -> Result<Unsealed, IngestError> {
    let partial = path.with_extension("columns.partial");
    let io = |e| IngestError::io(&partial, e);
    let file = std::fs::File::create(&partial).map_err(io)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let offsets = column_offsets(flows.len());
    let mut written = 0;
    let mut pad_to = |out: &mut std::io::BufWriter<std::fs::File>, column: usize| {
        out.write_all(&vec![0; offsets[column] - written])?;
        written = offsets[column] + VALUE_BYTES[column] * flows.len();
        std::io::Result::Ok(())
    };
    pad_to(&mut out, 0).map_err(io)?;
    write_values(&mut out, &flows.year, |y| y.0.to_ne_bytes()).map_err(io)?;
    pad_to(&mut out, 1).map_err(io)?;
    write_values(&mut out, &flows.product, |p| p.0.to_ne_bytes()).map_err(io)?;
    pad_to(&mut out, 2).map_err(io)?;
    write_values(&mut out, &flows.exporter, |e| e.get().to_ne_bytes()).map_err(io)?;
    pad_to(&mut out, 3).map_err(io)?;
    write_values(&mut out, &flows.importer, |m| m.get().to_ne_bytes()).map_err(io)?;
    for (column, values) in [(4, &flows.value), (5, &flows.quantity)] {
        pad_to(&mut out, column).map_err(io)?;
        write_values(&mut out, values, |v| v.to_ne_bytes()).map_err(io)?;
    }
    out.into_inner().map_err(|e| io(e.into_error()))?;
    Ok(Unsealed {
        partial,
        path: path.into(),
        rows: flows.len() as u64,
    })
}

impl Unsealed {
    /// Writes the header, tying the file to the Parquet file `parquet`, and renames
    /// the file into place.
    pub fn seal(self, parquet: ParquetFingerprint) -> Result<(), IngestError> {
        let io = |e| IngestError::io(&self.partial, e);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(&self.partial)
            .map_err(io)?;
        let header = Header {
            rows: self.rows,
            parquet,
        };
        file.write_all(&header_bytes(&header)).map_err(io)?;
        drop(file);
        std::fs::rename(&self.partial, &self.path).map_err(|e| IngestError::io(&self.path, e))
    }
}

/// Writes `values` through a reused buffer, each as its `N` bytes.
fn write_values<T, const N: usize>(
    out: &mut impl Write,
    values: &[T],
    bytes: impl Fn(&T) -> [u8; N],
) -> std::io::Result<()> {
    const CHUNK: usize = 1 << 16;
    let mut buffer = Vec::with_capacity(CHUNK * N);
    for chunk in values.chunks(CHUNK) {
        buffer.clear();
        chunk
            .iter()
            .for_each(|v| buffer.extend_from_slice(&bytes(v)));
        out.write_all(&buffer)?;
    }
    Ok(())
}

/// Why a column file was not used.
#[derive(Debug)]
pub enum Unusable {
    /// Missing, from another version or byte order, or written with another Parquet
    /// file: the cache is read from Parquet instead.
    Stale,
    /// The file claims to be current but is damaged (its message says how).
    Corrupt(String),
}

/// Maps the column file `path` and borrows its columns, if it was written with the
/// Parquet file `parquet` and holds `rows` rows.
pub fn read(path: &Path, parquet: ParquetFingerprint, rows: u64) -> Result<TradeFlows, Unusable> {
    let Ok(file) = std::fs::File::open(path) else {
        return Err(Unusable::Stale);
    };
    // SAFETY: the mapped file is the cache's own column file, written once under a
    // temporary name and renamed into place, never changed in place by chainlens; a
    // file changed by another program while mapped is the one case this cannot
    // guard against (as for every memory-mapped reader).
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|_| Unusable::Stale)?;
    let header = parse_header(&map).ok_or(Unusable::Stale)?;
    if header.parquet != parquet || header.rows != rows {
        return Err(Unusable::Stale);
    }
    let rows = usize::try_from(rows).map_err(|_| Unusable::Stale)?;
    let offsets = column_offsets(rows);
    if map.len() != offsets[6] {
        return Err(Unusable::Corrupt(format!(
            "{} bytes, not {}",
            map.len(),
            offsets[6]
        )));
    }
    let bytes: SharedBytes = Arc::new(map);
    let borrow = |column: usize| {
        let start = offsets[column];
        let range = start..start + VALUE_BYTES[column] * rows;
        (bytes.clone(), range, NAMES[column])
    };
    Ok(TradeFlows {
        year: borrowed(borrow(0))?,
        product: borrowed(borrow(1))?,
        exporter: borrowed(borrow(2))?,
        importer: borrowed(borrow(3))?,
        value: borrowed(borrow(4))?,
        quantity: borrowed(borrow(5))?,
    })
}

/// The columns' names, for messages.
const NAMES: [&str; 6] = [
    "year", "product", "exporter", "importer", "value", "quantity",
];

/// Borrows one column, its range checked.
fn borrowed<T: Plain>(
    (bytes, range, name): (SharedBytes, std::ops::Range<usize>, &str),
) -> Result<Column<T>, Unusable> {
    Column::borrow(bytes, range).map_err(|e| Unusable::Corrupt(format!("column {name}: {e}")))
}
