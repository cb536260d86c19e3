//! Every reader of a user's file, fed arbitrary bytes and damaged copies of good files: each
//! returns a value or an error, never a panic. Bounded in CI by the number of cases
//! (PROPTEST_CASES raises it for a longer run on a developer's machine).

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use sansang::import::establishments::import_establishments;
use sansang::import::merge::merge;
use sansang::import::responses::Options;
use sansang::store::Store;
use sansang::survey::responses::read_responses;
use sansang::survey::{Catalog, load_survey};

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::bundled)
}

/// A good file of each kind the readers take, to be damaged.
fn good_files() -> &'static [Vec<u8>; 4] {
    static FILES: OnceLock<[Vec<u8>; 4]> = OnceLock::new();
    FILES.get_or_init(|| {
        let read = |p: &str| std::fs::read(p).unwrap();
        let w = common::Workshop::new();
        w.ok(&["demo", "--establishments", "3"]);
        let export = w.dir.path().join("all.json");
        w.ok(&["export", "--format", "json", "--out", export.to_str().unwrap()]);
        [
            read("surveys/sxsh-2.0.json"),
            read("tests/fixtures/responses/good.json"),
            std::fs::read(export).unwrap(),
            "name,kind,commune,phone\nHTX chè Tân Cương,hop_tac_xa,Tân Cương,0912 345 678\n\"Cơ sở \"\"mộc\"\"\",ho_kinh_doanh,Yên Trạch,\n"
                .as_bytes()
                .to_vec(),
        ]
    })
}

/// `good` with a few bytes changed, cut short or with bytes put in.
fn damaged(good: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = good.to_vec();
    for &(at, byte, how) in edits {
        if bytes.is_empty() {
            bytes.push(byte);
            continue;
        }
        let at = at % bytes.len();
        match how % 4 {
            0 => bytes[at] = byte,
            1 => bytes.truncate(at),
            2 => bytes.insert(at, byte),
            _ => {
                bytes.remove(at);
            }
        }
    }
    bytes
}

/// Runs every reader over `bytes`; an error is fine, a panic fails the test.
fn read_everything(bytes: &[u8]) {
    let _ = load_survey("fuzz.json", bytes);
    let _ = read_responses("fuzz.json", bytes, catalog());
}

/// A dry-run merge of `bytes` as another laptop's export into a fresh database.
fn merge_into_fresh(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("merge.redb")).unwrap();
    let open = || -> Result<Box<dyn std::io::BufRead + '_>, _> { Ok(Box::new(bytes)) };
    let options = Options {
        dry_run: true,
        ..Options::default()
    };
    let _ = merge(&store, "fuzz.json", &open, &options);
    store.close().unwrap();
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8, u8)>> {
    prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_make_a_reader_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_everything(&bytes);
    }

    #[test]
    fn damaged_good_files_never_make_a_reader_panic(which in 0usize..3, edits in edits()) {
        read_everything(&damaged(&good_files()[which], &edits));
    }
}

proptest! {
    // Each case opens a database: fewer of them.
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn damaged_exports_never_make_a_merge_panic(edits in edits()) {
        merge_into_fresh(&damaged(&good_files()[2], &edits));
    }

    #[test]
    fn arbitrary_bytes_never_make_a_merge_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        merge_into_fresh(&bytes);
    }
}

proptest! {
    // Each case opens a database: fewer of them.
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn damaged_establishment_lists_never_make_the_csv_reader_panic(edits in edits(), noise in prop::collection::vec(any::<u8>(), 0..80)) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("csv.redb")).unwrap();
        let mut bytes = damaged(&good_files()[3], &edits);
        bytes.extend(noise);
        let _ = import_establishments(&store, "fuzz.csv", &bytes);
        store.close().unwrap();
    }
}
