//! The centre's staff open the workbook: the sheets are there, in words and labels; scores
//! are numbers at full precision, dates are dates, text is text; the codebook explains every
//! code; the follow-up list has one row per establishment with its phone. Read back with
//! calamine, as another program would.

mod export_common;

use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use export_common::*;
use sansang::survey::Catalog;
use sansang::survey::model::Kind;

const SHEETS: [&str; 7] = [
    "Điểm",
    "Câu trả lời",
    "Câu hỏi",
    "Hỗ trợ",
    "Tiến bộ",
    "Trung bình theo phiên",
    "Thông tin",
];

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.redb");
    ok(&sansang(&db, &["demo"]));
    db
}

fn export(db: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["export", "--format", "xlsx", "--out", out.to_str().unwrap()];
    args.extend(extra);
    ok(&sansang(db, &args));
}

fn header(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

/// `^[a-z]+(_[a-z]+)+$`: a programmer's id such as `response_id`.
fn snake_case(s: &str) -> bool {
    s.contains('_')
        && s.split('_')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()))
}

#[test]
fn the_workbook_speaks_labels_and_keeps_types() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let labels = dir.path().join("nhan.xlsx");
    let codes = dir.path().join("ma.xlsx");
    export(&db, &labels, &[]);
    export(&db, &codes, &["--codes"]);
    let mut book: Xlsx<_> = open_workbook(&labels).unwrap();
    assert_eq!(book.sheet_names(), SHEETS);
    let codes_of_values: Vec<&str> = sansang::store::EstablishmentKind::ALL
        .iter()
        .map(|k| k.code())
        .chain(["draft", "complete", "deleted", "sxsh", "dx"])
        .collect();
    for name in SHEETS {
        let range = book.worksheet_range(name).unwrap();
        for h in header(&range) {
            assert!(!snake_case(&h), "{name}: header {h:?} is a code");
        }
        for row in range.rows() {
            for cell in row {
                if let Data::String(s) = cell {
                    assert!(!s.starts_with('\''), "{name}: {s:?} shows the guard");
                    if name != "Câu hỏi" {
                        assert!(
                            !codes_of_values.contains(&s.as_str()),
                            "{name}: {s:?} is a code"
                        );
                    }
                }
            }
        }
    }
    // Scores at full precision with dates as dates.
    let scores = book.worksheet_range("Điểm").unwrap();
    let h = header(&scores);
    let at = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (index, date) = (at("Chỉ số"), at("Ngày"));
    let mut fractional = 0;
    for row in scores.rows().skip(1) {
        assert!(matches!(row[date], Data::DateTime(_)), "{:?}", row[date]);
        if let Data::Float(v) = row[index] {
            fractional += usize::from((v * 10.0).fract().abs() > 1e-6);
        }
    }
    assert!(fractional > 0, "the index is kept at full precision");
    // Every single-choice answer is a label of its question: columns matched with --codes.
    let mut coded: Xlsx<_> = open_workbook(&codes).unwrap();
    let coded_answers = coded.worksheet_range("Câu trả lời").unwrap();
    let answers = book.worksheet_range("Câu trả lời").unwrap();
    let catalog = Catalog::bundled();
    let mut checked = 0;
    let coded_header = header(&coded_answers);
    let version = coded_header
        .iter()
        .position(|h| h == "survey_version")
        .unwrap();
    for (c, code) in coded_header.iter().enumerate() {
        let Some((survey, qid)) = code.split_once('.') else {
            continue;
        };
        for (row, coded_row) in answers.rows().skip(1).zip(coded_answers.rows().skip(1)) {
            let v = coded_row[version].to_string();
            let Some(q) = catalog.get(survey, Some(&v)).and_then(|s| s.question(qid)) else {
                continue;
            };
            let Kind::Single { options } = &q.kind else {
                continue;
            };
            if let Data::String(s) = &row[c] {
                let known = options.iter().any(|o| o.label.get("vi") == s) || s == "Không áp dụng";
                assert!(known, "{}: {s:?} is not one of its labels", q.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} single-choice answers checked");
}

#[test]
fn the_codebook_lists_every_question_and_option() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = dir.path().join("ket-qua.xlsx");
    export(&db, &out, &[]);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let codebook = book.worksheet_range("Câu hỏi").unwrap();
    let rows: Vec<Vec<String>> = codebook
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let about = book.worksheet_range("Thông tin").unwrap();
    let surveys = about.rows().find(|r| r[0] == "Khảo sát").unwrap()[1].to_string();
    let catalog = Catalog::bundled();
    let mut seen = 0;
    for entry in catalog.entries() {
        let s = &entry.survey;
        if !surveys.contains(&format!("{} {}", s.id, s.version)) {
            continue;
        }
        for q in &s.questions {
            let mine: Vec<&Vec<String>> = rows
                .iter()
                .filter(|r| r[0] == s.id && r[1] == s.version && r[2] == q.id)
                .collect();
            assert!(
                mine.iter().any(|r| r[3] == q.text.get("vi")),
                "{} {}",
                s.id,
                q.id
            );
            for o in q.kind.options() {
                assert!(
                    mine.iter()
                        .any(|r| r[9] == o.value && r[10] == o.label.get("vi")),
                    "{} {} option {}",
                    s.id,
                    q.id,
                    o.value
                );
            }
            seen += 1;
        }
    }
    assert!(seen > 40, "{seen} questions");
}

#[test]
fn one_follow_up_row_per_establishment_with_its_phone() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let out = dir.path().join("ket-qua.xlsx");
    export(&w.db, &out, &[]);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let followup = book.worksheet_range("Hỗ trợ").unwrap();
    let h = header(&followup);
    let phone = h.iter().position(|x| x == "Điện thoại").unwrap();
    let rows: Vec<Vec<String>> = followup
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    for (name, number) in [(NAME_1, PHONE_1), (NAME_2, PHONE_2)] {
        let mine: Vec<_> = rows.iter().filter(|r| r[0] == name).collect();
        assert_eq!(mine.len(), 1, "{name}: {rows:?}");
        assert_eq!(mine[0][phone], number, "as text, without an apostrophe");
    }
    assert!(
        h.iter().any(|x| x == "Tập huấn"),
        "a column per support line: {h:?}"
    );
    // The scores: the tea cooperative came twice, so it has a progress row.
    let progress = book.worksheet_range("Tiến bộ").unwrap();
    let tea: Vec<_> = progress.rows().skip(1).filter(|r| r[0] == NAME_1).collect();
    assert_eq!(tea.len(), 1, "sxsh at two sessions");
    let ph = header(&progress);
    let (then, now, change) = (
        ph.iter().position(|x| x == "Chỉ số trước").unwrap(),
        ph.iter().position(|x| x == "Chỉ số sau").unwrap(),
        ph.iter().position(|x| x == "Thay đổi").unwrap(),
    );
    let num = |d: &Data| match d {
        Data::Float(v) => *v,
        other => panic!("not a number: {other:?}"),
    };
    assert!(num(&tea[0][now]) > num(&tea[0][then]));
    assert!((num(&tea[0][now]) - num(&tea[0][then]) - num(&tea[0][change])).abs() < 1e-9);
}

#[test]
fn codes_give_the_columns_scripts_read() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path());
    let xlsx = dir.path().join("ket-qua.xlsx");
    let csv_out = dir.path().join("ket-qua.csv");
    export(&w.db, &xlsx, &["--codes"]);
    ok(&sansang(
        &w.db,
        &[
            "export",
            "--format",
            "csv",
            "--codes",
            "--out",
            csv_out.to_str().unwrap(),
        ],
    ));
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let scores = book.worksheet_range("Điểm").unwrap();
    let h = header(&scores);
    let at = |name: &str| h.iter().position(|x| x == name).unwrap();
    assert_eq!(scores.rows().count(), 5, "a header and four responses");
    // The same numbers as the CSV, which prints one decimal, rounded half away from zero.
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
                Data::Float(v) => assert_eq!(
                    sansang::survey::display::score_plain(Some(*v)),
                    csv_row[c],
                    "{col}"
                ),
                Data::Empty => assert_eq!(&csv_row[c], ""),
                other => panic!("{col} is not a number: {other:?}"),
            }
        }
        assert_eq!(row[at("status")].to_string(), "complete");
    }
    let name = scores
        .rows()
        .skip(1)
        .map(|r| r[at("establishment")].to_string())
        .find(|n| n.contains("Vô Tranh"))
        .unwrap();
    assert_eq!(
        name, NAME_2,
        "a text cell, never a formula, and no apostrophe"
    );
}
