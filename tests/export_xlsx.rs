//! The centre's staff open the workbook: the sheets are there and the scores
//! are numbers, read back with a reader crate.

mod export_common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use export_common::*;

#[test]
fn the_workbook_has_the_sheets_and_scores_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let xlsx = dir.path().join("ket-qua.xlsx");
    let csv_out = dir.path().join("ket-qua.csv");
    ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    ));
    ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            csv_out.to_str().unwrap(),
        ],
    ));
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Điểm",
            "Câu trả lời",
            "Trung bình theo phiên",
            "Danh sách hỗ trợ"
        ]
    );
    let scores = book.worksheet_range("Điểm").unwrap();
    let header: Vec<String> = scores
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(scores.rows().count(), 5, "a header and four responses");
    // Same numbers as the CSV, which prints one decimal.
    let bytes = std::fs::read(&csv_out).unwrap();
    let mut csv = csv::Reader::from_reader(&bytes[3..]);
    let csv_header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    let csv_rows: Vec<csv::StringRecord> = csv.records().map(|r| r.unwrap()).collect();
    for row in scores.rows().skip(1) {
        let id = row[at("response_id")].to_string();
        let csv_row = csv_rows.iter().find(|r| r[0] == *id).unwrap();
        for col in ["index", "sxsh.A", "sxsh.G"] {
            let c = csv_header.iter().position(|h| h == col).unwrap();
            match &row[at(col)] {
                Data::Float(v) => assert_eq!(format!("{v:.1}"), csv_row[c], "{col}"),
                Data::Empty => assert_eq!(&csv_row[c], ""),
                other => panic!("{col} is not a number: {other:?}"),
            }
        }
    }
    let first_name = scores
        .rows()
        .skip(1)
        .map(|r| r[at("establishment")].to_string())
        .find(|n| n.contains("Vô Tranh"))
        .unwrap();
    assert_eq!(first_name, format!("'{NAME_2}"), "neutralized in XLSX too");
    let averages = book.worksheet_range("Trung bình theo phiên").unwrap();
    let avg_header: Vec<String> = averages
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let avg = avg_header.iter().position(|h| h == "average").unwrap();
    assert!(averages.rows().skip(1).count() >= 7);
    assert!(
        averages
            .rows()
            .skip(1)
            .all(|r| matches!(r[avg], Data::Float(_)))
    );
    let followup = book.worksheet_range("Danh sách hỗ trợ").unwrap();
    let supports: Vec<String> = followup.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert!(supports.iter().any(|s| s == "Tập huấn"), "{supports:?}");
    assert!(followup.rows().skip(1).any(|r| r[1] == NAME_1));
}
