//! The WIOD 2016 workbook reader on a tiny workbook in the published layout,
//! built here as a minimal `.xlsx` (zip of SpreadsheetML parts).

use chainlens_icio::{Format, ReadOptions, detect, read_table};
use std::io::Write;

enum Cell {
    S(&'static str),
    N(f64),
}
use Cell::{N, S};

impl Cell {
    fn copy(&self) -> Cell {
        match self {
            S(t) => S(t),
            N(v) => N(*v),
        }
    }
}

fn col(mut j: usize) -> String {
    let mut s = String::new();
    j += 1;
    while j > 0 {
        let r = (j - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        j = (j - 1) / 26;
    }
    s
}

fn xlsx(path: &std::path::Path, rows: &[Vec<Cell>]) {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (i, r) in rows.iter().enumerate() {
        sheet += &format!(r#"<row r="{}">"#, i + 1);
        for (j, c) in r.iter().enumerate() {
            let at = format!("{}{}", col(j), i + 1);
            match c {
                S("") => {}
                S(t) => sheet += &format!(r#"<c r="{at}" t="inlineStr"><is><t>{t}</t></is></c>"#),
                N(v) => sheet += &format!(r#"<c r="{at}"><v>{v}</v></c>"#),
            }
        }
        sheet += "</row>";
    }
    sheet += "</sheetData></worksheet>";
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="WIOT2014" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    for (name, text) in parts {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

fn row(a: &'static str, c: &'static str, d: &'static str, vals: &[f64]) -> Vec<Cell> {
    let mut r = vec![S(a), S("desc"), S(c), S(d)];
    r.extend(vals.iter().map(|v| N(*v)));
    r
}

#[test]
fn wiod_2016_layout() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("WIOT2014_Nov16_ROW.xlsx");
    let rows = vec![
        vec![S(
            "World Input-Output Table 2014, current prices, millions of US$",
        )],
        vec![],
        vec![
            S(""),
            S(""),
            S(""),
            S(""),
            S("A01"),
            S("C10"),
            S("A01"),
            S("C10"),
            S("CONS_h"),
            S("CONS_h"),
            S("GO"),
        ],
        vec![
            S(""),
            S(""),
            S(""),
            S(""),
            S("AAA"),
            S("AAA"),
            S("BBB"),
            S("BBB"),
            S("AAA"),
            S("BBB"),
            S("TOT"),
        ],
        vec![
            S(""),
            S(""),
            S(""),
            S(""),
            S("c1"),
            S("c2"),
            S("c1"),
            S("c2"),
            S("c57"),
            S("c57"),
            S("GO"),
        ],
        row("A01", "AAA", "c1", &[1.0, 2.0, 1.0, 0.0, 4.0, 2.0, 10.0]),
        row("C10", "AAA", "c2", &[1.0, 1.0, 0.0, 1.0, 5.0, 2.0, 10.0]),
        row("A01", "BBB", "c1", &[0.0, 1.0, 2.0, 1.0, 3.0, 3.0, 10.0]),
        row("C10", "BBB", "c2", &[1.0, 0.0, 1.0, 2.0, 1.0, 5.0, 10.0]),
        row(
            "II_fob",
            "TOT",
            "r60",
            &[3.0, 4.0, 4.0, 4.0, 0.0, 0.0, 15.0],
        ),
        row("TXSP", "TOT", "r61", &[1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 4.0]),
        row("VA", "TOT", "r64", &[6.0, 5.0, 5.0, 5.0, 0.0, 0.0, 21.0]),
        row(
            "GO",
            "TOT",
            "r69",
            &[10.0, 10.0, 10.0, 10.0, 0.0, 0.0, 40.0],
        ),
    ];
    xlsx(&p, &rows);
    assert_eq!(detect(&p).unwrap(), Format::Wiod);
    let (t, report) = read_table(&p, ReadOptions::default()).unwrap();
    assert!(report.is_balanced(), "{}", report.summary(4));
    assert_eq!(t.countries, ["AAA", "BBB"]);
    assert_eq!(t.sectors, ["A01", "C10"]);
    assert_eq!(t.z[1], 2.0);
    assert_eq!(t.fd_columns[1].country, "BBB");
    assert_eq!(t.fd_columns[1].category, "CONS_h");
    assert_eq!(t.va, [7.0, 6.0, 6.0, 6.0]);
    assert_eq!(t.x, [10.0; 4]);
    assert_eq!(t.extensions[0].name, "va:TXSP");

    // data rows out of order (BBB's block before AAA's, issue 14): an error
    // naming the line, not a misaligned Z passed with an accounting warning
    let mut swapped: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| r.iter().map(Cell::copy).collect())
        .collect();
    swapped.swap(5, 7);
    swapped.swap(6, 8);
    xlsx(&p, &swapped);
    let e = read_table(&p, ReadOptions::default()).unwrap_err();
    assert!(
        e.to_string().contains(
            ":6: label \"BBB c1\": data row 1 is BBB c1 but intermediate-use column 1 is AAA c1: rows out of order"
        ),
        "{e}"
    );

    // a text cell among the numbers is named by line and column
    let mut bad = rows;
    bad[6][5] = S("n/a");
    xlsx(&p, &bad);
    let e = read_table(&p, ReadOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .ends_with(":7: column AAA_c2: \"n/a\" is not a number"),
        "{e}"
    );
}
