//! An analyst pivots the long CSV: Σ weight·share / Σ weight per response and dimension, then
//! the mean over responses, gives the same dimension averages as the workbook's scores.

mod export_common;

use std::collections::BTreeMap;

use calamine::{Data, Reader, Xlsx, open_workbook};
use export_common::*;

#[test]
fn the_long_csv_pivoted_gives_the_scores_sheet_averages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.redb");
    ok(&sansang(&db, &["demo"]));
    let long = dir.path().join("long.csv");
    let xlsx = dir.path().join("ket-qua.xlsx");
    for (out, format, extra) in [(&long, "csv", Some("--long")), (&xlsx, "xlsx", None)] {
        let mut args = vec!["export", "--format", format, "--codes", "--out"];
        args.push(out.to_str().unwrap());
        args.extend(extra);
        ok(&sansang(&db, &args));
    }
    // The pivot: (survey, dimension) → response → (Σ w·s, Σ w).
    let bytes = std::fs::read(&long).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let h: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (id, survey, dim, weight, share) = (
        col("response_id"),
        col("survey"),
        col("dimension"),
        col("weight"),
        col("share"),
    );
    let mut sums: BTreeMap<String, BTreeMap<String, (f64, f64)>> = BTreeMap::new();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        *seen
            .entry((row[id].to_string(), row[col("question")].to_string()))
            .or_default() += 1;
        if row[weight].is_empty() || row[dim].is_empty() {
            continue;
        }
        let (w, s): (f64, f64) = (row[weight].parse().unwrap(), row[share].parse().unwrap());
        let cell = sums
            .entry(format!("{}.{}", &row[survey], &row[dim]))
            .or_default()
            .entry(row[id].to_string())
            .or_default();
        cell.0 += w * s;
        cell.1 += w;
    }
    let multi_rows = seen.values().filter(|&&n| n > 1).count();
    assert!(
        multi_rows > 0,
        "a multi question gives a row per selected option"
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let scores = book.worksheet_range("Điểm").unwrap();
    let header: Vec<String> = scores
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut compared = 0;
    for (column, per_response) in &sums {
        let c = header.iter().position(|x| x == column).unwrap();
        let sheet: Vec<f64> = scores
            .rows()
            .skip(1)
            .filter_map(|r| match r[c] {
                Data::Float(v) => Some(v),
                _ => None,
            })
            .collect();
        let pivot: Vec<f64> = per_response
            .values()
            .filter(|(_, w)| *w > 0.0)
            .map(|(ws, w)| 100.0 * ws / w)
            .collect();
        assert_eq!(pivot.len(), sheet.len(), "{column}: responses with a score");
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        assert!(
            (mean(&pivot) - mean(&sheet)).abs() < 1e-9,
            "{column}: pivot {} against sheet {}",
            mean(&pivot),
            mean(&sheet)
        );
        compared += 1;
    }
    assert!(compared >= 10, "{compared} dimensions compared");
}
