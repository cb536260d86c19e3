//! Damaged databases never make the store panic: a seeded generator flips bytes and zeroes
//! pages of a small demo database, and every read path (and a save) runs on each variant, opened
//! for reading only and for writing. Each either works or returns an error.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use sansang::demo::{Options, generate};
use sansang::store::{ResponseFilter, ResponseStatus, Store, StoreError};
use sansang::survey::Catalog;
use serde_json::json;

const PAGE: usize = 4096;

/// xorshift64*: the same variants on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Variant `n` of `good`: even ones have 1 to 16 bytes flipped, odd ones one to three pages
/// zeroed (the header page included now and then).
fn damage(good: &[u8], n: usize, rng: &mut Rng) -> Vec<u8> {
    let mut bytes = good.to_vec();
    if n.is_multiple_of(2) {
        for _ in 0..1 + rng.below(16) {
            let at = rng.below(bytes.len());
            bytes[at] ^= 1 << rng.below(8);
        }
    } else {
        let pages = bytes.len() / PAGE;
        for _ in 0..1 + rng.below(3) {
            let page = if rng.below(8) == 0 {
                0
            } else {
                rng.below(pages)
            };
            let end = ((page + 1) * PAGE).min(bytes.len());
            bytes[page * PAGE..end].fill(0);
        }
    }
    bytes
}

/// Every read of the store, and one save and one status change; errors are expected.
fn use_everything(store: &Store) -> usize {
    let mut errors = 0;
    let mut count = |ok: bool| errors += usize::from(!ok);
    let sessions = store.sessions().unwrap_or_default();
    count(store.sessions().is_ok());
    count(store.establishments(None).is_ok());
    count(store.establishments(Some("phu do")).is_ok());
    count(store.establishment_page(Some("che"), 20).is_ok());
    count(store.pinned_surveys().is_ok());
    count(store.survey_source("sxsh", "1").is_ok());
    count(store.setting("centre").is_ok());
    count(store.pseudonym_key().is_ok());
    let mut ids = Vec::new();
    for s in &sessions {
        count(store.session(s.id).is_ok());
        count(store.session_establishments(s.id).is_ok());
        if let Ok(list) = store.session_responses(s.id) {
            ids.extend(list.iter().map(|r| (r.id, r.establishment_id)));
        }
        let filter = ResponseFilter {
            session: Some(s.id),
            survey: Some("dx".into()),
        };
        count(
            store
                .visit_responses(&filter, |_, _| Ok::<_, StoreError>(()))
                .is_ok(),
        );
    }
    let visited = store.visit_stored(&ResponseFilter::default(), |r, stored| {
        ids.push((r.id, r.establishment_id));
        for (_, _, value) in stored.numbered_values() {
            let _ = value.map(|v| v.to_value());
        }
        stored.iter().count();
        Ok::<_, StoreError>(())
    });
    count(visited.is_ok());
    for (response, establishment) in ids.iter().take(40) {
        count(store.response(*response).is_ok());
        count(store.answers(*response).is_ok());
        count(store.audit(*response).is_ok());
        count(store.establishment(*establishment).is_ok());
        count(store.establishment_responses(*establishment).is_ok());
    }
    if let Some((response, _)) = ids.first() {
        count(
            store
                .set_answer(*response, "A1", Some(json!("knows")), Some("thử"))
                .is_ok(),
        );
        count(store.set_status(*response, ResponseStatus::Draft).is_ok());
    }
    errors
}

fn run_variant(dir: &Path, bytes: &[u8]) -> (usize, usize) {
    let path = dir.join("damaged.redb");
    fs::write(&path, bytes).unwrap();
    let mut opened = 0;
    let mut errors = 0;
    if let Ok(store) = Store::open_read_only(&path) {
        opened += 1;
        errors += use_everything(&store);
        let _ = store.close();
    }
    if let Ok(store) = Store::open(&path) {
        opened += 1;
        errors += use_everything(&store);
        let _ = store.close();
    }
    (opened, errors)
}

#[test]
fn no_damaged_variant_of_a_database_makes_the_store_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.redb");
    let store = Store::open(&good).unwrap();
    let options = Options {
        establishments: 12,
        ..Options::default()
    };
    generate(&store, &Catalog::bundled(), &options).unwrap();
    store
        .set_setting("centre", "Trung tâm Khuyến công")
        .unwrap();
    store.close().unwrap();
    let good = fs::read(&good).unwrap();
    let mut rng = Rng(0x5A45_5341_4E47_2024);
    let mut escaped = Vec::new();
    let (mut opened, mut errors) = (0, 0);
    let variants = 60;
    for n in 0..variants {
        let bytes = damage(&good, n, &mut rng);
        let place = dir.path().join(format!("v{n}"));
        fs::create_dir(&place).unwrap();
        match catch_unwind(AssertUnwindSafe(|| run_variant(&place, &bytes))) {
            Ok((o, e)) => {
                opened += o;
                errors += e;
            }
            Err(_) => escaped.push(n),
        }
    }
    eprintln!(
        "{variants} damaged variants: {opened} opens succeeded, {errors} operations refused with an error"
    );
    assert!(
        escaped.is_empty(),
        "variants {escaped:?} made the store panic"
    );
    assert!(
        errors > 0,
        "the damage was never noticed: the generator is not damaging"
    );
}

/// The commands a centre runs, over damaged files: each works or says what is wrong, and
/// none panics or leaves more than the kept copies beside the file.
#[test]
fn no_damaged_variant_makes_a_command_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.redb");
    let store = Store::open(&good).unwrap();
    let options = Options {
        establishments: 8,
        ..Options::default()
    };
    generate(&store, &Catalog::bundled(), &options).unwrap();
    store.close().unwrap();
    let good = fs::read(&good).unwrap();
    let mut rng = Rng(0x4B48_5559_454E_2026);
    let commands: [&[&str]; 4] = [
        &["score", "--format", "csv"],
        &["establishment", "list"],
        &["export", "--format", "csv", "--out", "out.csv", "--force"],
        &[
            "session",
            "new",
            "--name",
            "Hội thảo",
            "--date",
            "2026-12-01",
        ],
    ];
    let mut refused = 0;
    for n in 0..50 {
        let place = dir.path().join(format!("c{n}"));
        fs::create_dir(&place).unwrap();
        let db = place.join("damaged.redb");
        fs::write(&db, damage(&good, n, &mut rng)).unwrap();
        for args in commands {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_sansang"))
                .current_dir(&place)
                .env("SANSANG_DB", &db)
                .env_remove("SANSANG_SURVEYS")
                .args(args)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                !err.contains("panicked"),
                "variant {n}, {args:?} panicked: {err}"
            );
            let code = out.status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "variant {n}, {args:?} ended with {code:?}: {err}"
            );
            refused += usize::from(code != Some(0));
        }
        let copies = fs::read_dir(&place)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().contains(".bak-")
            })
            .count();
        assert!(
            copies <= sansang::store::MAX_COPIES,
            "variant {n}: {copies} copies"
        );
    }
    assert!(refused > 0, "the damage was never noticed");
}
