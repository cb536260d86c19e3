//! The store against real redb files in temporary folders.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{NaiveDate, Utc};
use serde_json::json;

use super::*;

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("data/sansang.redb")).unwrap();
    (dir, store)
}

fn workshop(store: &Store) -> (Session, Establishment, Response) {
    let mut session = Session::new(
        "Tập huấn SXSH Vô Tranh",
        NaiveDate::from_ymd_opt(2024, 10, 8).unwrap(),
    );
    session.commune = "Vô Tranh".into();
    session.province = "Thái Nguyên".into();
    session.former_district = Some("Phú Lương".into());
    let session = store.create_session(session).unwrap();
    let mut est = Establishment::new("HTX Chè Vô Tranh", EstablishmentKind::HopTacXa);
    est.sector = "chế biến chè".into();
    est.commune = "Vô Tranh".into();
    let est = store.add_establishment(est).unwrap();
    store.pin_survey("sxsh", "1", r#"{"id":"sxsh"}"#).unwrap();
    let response = Response::new("sxsh", "1", est.id, session.id, "Lan");
    store.create_response(&response).unwrap();
    (session, est, response)
}

fn sha(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap()
}

#[test]
fn a_new_database_is_created_with_its_folder_readable_by_its_owner_only() {
    let (dir, store) = temp_store();
    let path = dir.path().join("data/sansang.redb");
    assert!(path.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    store.close().unwrap();
    Store::open(&path).unwrap();
}

#[test]
fn sessions_and_establishments_round_trip_nfc_normalized() {
    let (_dir, store) = temp_store();
    let (session, est, _) = workshop(&store);
    assert_eq!(store.session(session.id).unwrap().unwrap(), session);
    assert_eq!(store.sessions().unwrap(), vec![session.clone()]);
    let mut decomposed =
        Establishment::new("Cơ sở mộc Phu\u{301} Đô", EstablishmentKind::HoKinhDoanh);
    decomposed.phone = " 0912 345 678 ".into();
    let stored = store.add_establishment(decomposed).unwrap();
    assert_eq!(stored.name, "Cơ sở mộc Phú Đô");
    assert_eq!(stored.phone, "0912 345 678");
    assert_eq!(store.establishment(est.id).unwrap().unwrap(), est);
    let mut edited = est.clone();
    edited.phone = "0987 000 111".into();
    let saved = store.update_establishment(edited.clone()).unwrap();
    assert_eq!(store.establishment(est.id).unwrap().unwrap(), saved);
    assert_eq!(saved.phone, "0987 000 111");
    assert!(
        saved.updated_at > est.updated_at,
        "an edit records its time"
    );
    assert!(matches!(
        store.add_establishment(edited),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert!(matches!(
        store.update_establishment(Establishment::new("x", EstablishmentKind::DoanhNghiep)),
        Err(StoreError::NotFound { .. })
    ));
}

/// A whole export's list: every establishment once, in id order, across several read
/// transactions (256 each).
#[test]
fn every_establishment_is_visited_once_in_id_order() {
    let (_dir, store) = temp_store();
    let session = store
        .create_session(Session::new(
            "s",
            NaiveDate::from_ymd_opt(2024, 10, 8).unwrap(),
        ))
        .unwrap();
    store
        .write_batch(|b| {
            for n in 0..600 {
                let e = Establishment::new(&format!("Cơ sở {n}"), EstablishmentKind::HoKinhDoanh);
                b.put_establishment(&e)?;
                if n % 2 == 0 {
                    b.join_session(session.id, e.id)?;
                }
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let mut seen = Vec::new();
    store
        .visit_establishments(|e| {
            seen.push(e.id);
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let mut expected: Vec<_> = store
        .establishments(None)
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    expected.sort();
    assert_eq!(seen, expected);
    let members = store.session_members(session.id).unwrap();
    assert_eq!(members.len(), 300);
    assert!(members.is_sorted());
    let mut by_name: Vec<_> = store
        .session_establishments(session.id)
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    by_name.sort();
    assert_eq!(members, by_name);
    // A visitor's error stops the visit and comes back.
    let mut calls = 0;
    let stopped = store.visit_establishments(|_| {
        calls += 1;
        Err(StoreError::NotFound {
            kind: "x",
            id: "y".into(),
            path: "z".into(),
        })
    });
    assert!(stopped.is_err());
    assert_eq!(calls, 1);
}

#[test]
fn search_ignores_diacritics_and_case() {
    let (_dir, store) = temp_store();
    workshop(&store);
    let mut other = Establishment::new("Xưởng mộc Đức Anh", EstablishmentKind::HoKinhDoanh);
    other.former_district = Some("Phú Lương".into());
    store.add_establishment(other).unwrap();
    let names = |q| -> Vec<String> {
        store
            .establishments(Some(q))
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect()
    };
    assert_eq!(names("phu luong"), ["Xưởng mộc Đức Anh"]);
    assert_eq!(names("duc"), ["Xưởng mộc Đức Anh"]);
    assert_eq!(names("CHE vo"), ["HTX Chè Vô Tranh"]);
    assert_eq!(store.establishments(None).unwrap().len(), 2);
}

#[test]
fn session_members_are_listed_before_any_response() {
    let (_dir, store) = temp_store();
    let (session, est, _) = workshop(&store);
    let late = store
        .add_establishment(Establishment::new(
            "Cơ sở bún Phú Đô",
            EstablishmentKind::HoKinhDoanh,
        ))
        .unwrap();
    store.join_session(session.id, late.id).unwrap();
    store.join_session(session.id, late.id).unwrap();
    let ids: Vec<_> = store
        .session_establishments(session.id)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, vec![late.id, est.id]);
    assert!(
        store
            .join_session(session.id, uuid::Uuid::now_v7())
            .is_err()
    );
}

#[test]
fn saving_answers_updates_the_response_and_appends_to_the_audit_trail() {
    let (_dir, store) = temp_store();
    let (_, _, response) = workshop(&store);
    let first = store
        .set_answer(response.id, "q1", Some(json!("có")), None)
        .unwrap()
        .unwrap();
    assert_eq!(first.action, AuditAction::Set);
    assert!(
        store
            .set_answer(response.id, "q1", Some(json!("có")), None)
            .unwrap()
            .is_none()
    );
    store
        .set_answer(response.id, "q1", Some(json!("không")), Some("nhập nhầm"))
        .unwrap();
    store
        .set_answer(response.id, "q2", Some(json!(["a", "b"])), None)
        .unwrap();
    store.set_answer(response.id, "q2", None, None).unwrap();
    let answers = store.answers(response.id).unwrap();
    assert_eq!(answers.keys().collect::<Vec<_>>(), ["q1"]);
    assert_eq!(answers["q1"].value, json!("không"));
    let audit = store.audit(response.id).unwrap();
    let actions: Vec<_> = audit.iter().map(|a| a.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::Set,
            AuditAction::Changed,
            AuditAction::Set,
            AuditAction::Cleared
        ]
    );
    assert_eq!(audit[0], first);
    assert_eq!(audit[1].old, Some(json!("có")));
    assert_eq!(audit[1].reason.as_deref(), Some("nhập nhầm"));
    assert_eq!(audit[3].new, None);
    let stored = store.response(response.id).unwrap().unwrap();
    assert!(stored.updated_at > response.updated_at);
    assert_eq!(stored.updated_at, audit[3].at);
    let done = store
        .set_status(response.id, ResponseStatus::Complete)
        .unwrap();
    assert_eq!(store.response(response.id).unwrap().unwrap(), done);
    assert!(
        store
            .set_answer(uuid::Uuid::now_v7(), "q1", Some(json!(1)), None)
            .is_err()
    );
}

#[test]
fn a_response_needs_its_survey_version_pinned() {
    let (_dir, store) = temp_store();
    let (session, est, _) = workshop(&store);
    let orphan = Response::new("dx", "9", est.id, session.id, "");
    let err = store.create_response(&orphan).unwrap_err();
    assert!(err.to_string().contains("dx version 9"), "{err}");
    assert_eq!(
        store.pin_survey("sxsh", "1", r#"{"id":"sxsh"}"#).unwrap(),
        PinOutcome::Same
    );
    assert_eq!(
        store.pin_survey("sxsh", "1", "{}").unwrap(),
        PinOutcome::KeptDifferent
    );
    assert_eq!(
        store.survey_source("sxsh", "1").unwrap().unwrap(),
        r#"{"id":"sxsh"}"#
    );
    assert_eq!(
        store.pinned_surveys().unwrap(),
        [("sxsh".to_string(), "1".to_string())]
    );
}

#[test]
fn visiting_streams_responses_by_session_and_survey_across_chunks() {
    let (_dir, store) = temp_store();
    let (session, est, first) = workshop(&store);
    let other = store
        .create_session(Session::new(
            "Phú Đô",
            NaiveDate::from_ymd_opt(2025, 10, 8).unwrap(),
        ))
        .unwrap();
    store.pin_survey("dx", "1", "{}").unwrap();
    store
        .write_batch(|b| {
            for i in 0..600 {
                let (s, survey) = if i % 3 == 0 {
                    (other.id, "dx")
                } else {
                    (session.id, "sxsh")
                };
                let r = Response::new(survey, "1", est.id, s, "");
                let answers = BTreeMap::from([(
                    "q1".to_string(),
                    AnswerRecord {
                        value: json!(i),
                        updated_at: Utc::now(),
                    },
                )]);
                b.insert_response(&r, &answers)?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let count = |filter: ResponseFilter| {
        let mut n = 0;
        let mut answered = 0;
        store
            .visit_responses(&filter, |_, a| {
                n += 1;
                answered += a.len();
                Ok::<_, StoreError>(())
            })
            .unwrap();
        (n, answered)
    };
    assert_eq!(count(ResponseFilter::default()), (601, 600));
    assert_eq!(
        count(ResponseFilter {
            session: Some(session.id),
            survey: None
        }),
        (401, 400)
    );
    assert_eq!(
        count(ResponseFilter {
            session: None,
            survey: Some("dx".into())
        }),
        (200, 200)
    );
    assert_eq!(
        count(ResponseFilter {
            session: Some(session.id),
            survey: Some("dx".into())
        }),
        (0, 0)
    );
    assert_eq!(store.session_responses(other.id).unwrap().len(), 200);
    assert_eq!(store.establishment_responses(est.id).unwrap()[0], first);
}

#[test]
fn a_failed_batch_writes_nothing() {
    let (_dir, store) = temp_store();
    let (session, est, _) = workshop(&store);
    let result = store.write_batch(|b| {
        b.put_establishment(&Establishment::new("Mới", EstablishmentKind::ToHopTac))?;
        b.insert_response(
            &Response::new("sxsh", "1", est.id, session.id, ""),
            &BTreeMap::new(),
        )?;
        b.insert_response(
            &Response::new("sxsh", "1", uuid::Uuid::now_v7(), session.id, ""),
            &BTreeMap::new(),
        )
    });
    assert!(matches!(
        result,
        Err(StoreError::NotFound {
            kind: "establishment",
            ..
        })
    ));
    assert_eq!(store.establishments(None).unwrap().len(), 1);
    assert_eq!(store.session_responses(session.id).unwrap().len(), 1);
}

#[test]
fn a_second_open_is_refused_with_the_path_and_the_first_keeps_working() {
    let (dir, store) = temp_store();
    let (_, _, response) = workshop(&store);
    let path = dir.path().join("data/sansang.redb");
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::AlreadyOpen { .. }));
    let text = err.to_string();
    assert!(
        text.contains("already open in another sansang window"),
        "{text}"
    );
    assert!(text.contains(&path.display().to_string()), "{text}");
    let files = fs::read_dir(path.parent().unwrap()).unwrap().count();
    assert_eq!(files, 1, "a refused open leaves no copies behind");
    store
        .set_answer(response.id, "q1", Some(json!("có")), None)
        .unwrap();
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.redb");
    fs::write(&path, "Danh sách cơ sở tham gia tập huấn\n".repeat(200)).unwrap();
    let before = sha(&path);
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("notes.redb"));
    assert_eq!(sha(&path), before);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_database_from_a_newer_program_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.redb");
    Store::open(&path).unwrap().close().unwrap();
    {
        let db = redb::Database::open(&path).unwrap();
        let tx = db.begin_write().unwrap();
        tx.open_table(schema::META)
            .unwrap()
            .insert(schema::SCHEMA_KEY, SCHEMA_VERSION + 1)
            .unwrap();
        tx.commit().unwrap();
    }
    let before = sha(&path);
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert_eq!(sha(&path), before);
}

#[test]
fn an_unwritable_place_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    fs::write(&file, "x").unwrap();
    let err = Store::open(file.join("sansang.redb")).err().unwrap();
    assert!(matches!(err, StoreError::Unwritable { .. }), "{err}");
    assert!(err.to_string().contains("a-file"), "{err}");
}

#[test]
fn a_file_left_open_by_a_crash_is_copied_before_it_is_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.redb");
    let crashed = dir.path().join("crashed.redb");
    let store = Store::open(&path).unwrap();
    let (_, _, response) = workshop(&store);
    store
        .set_answer(response.id, "q1", Some(json!("có")), None)
        .unwrap();
    // A copy taken while the file is open looks exactly like a file whose writer was killed.
    fs::copy(&path, &crashed).unwrap();
    let original = sha(&crashed);
    let repaired = Store::open(&crashed).unwrap();
    let backup = repaired.backup().unwrap().to_path_buf();
    assert!(
        backup
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("crashed.redb.bak-")
    );
    assert_eq!(sha(&backup), original);
    assert_eq!(
        repaired.answers(response.id).unwrap()["q1"].value,
        json!("có")
    );
}

#[test]
fn a_damaged_file_that_cannot_be_repaired_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.redb");
    let damaged = dir.path().join("damaged.redb");
    let store = Store::open(&path).unwrap();
    workshop(&store);
    fs::copy(&path, &damaged).unwrap();
    let mut bytes = fs::read(&damaged).unwrap();
    let len = bytes.len();
    for b in &mut bytes[4096..len] {
        *b = 0xA5;
    }
    fs::write(&damaged, &bytes).unwrap();
    let err = Store::open(&damaged).err().unwrap();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("damaged.redb"), "{err}");
    assert_eq!(fs::read(&damaged).unwrap(), bytes);
}

/// A disk that fills up on demand.
#[derive(Debug)]
struct FillingDisk {
    inner: redb::backends::InMemoryBackend,
    full: Arc<AtomicBool>,
}

impl FillingDisk {
    fn check(&self) -> std::io::Result<()> {
        if self.full.load(Ordering::SeqCst) {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        } else {
            Ok(())
        }
    }
}

impl redb::StorageBackend for FillingDisk {
    fn len(&self) -> std::io::Result<u64> {
        self.inner.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        self.inner.read(offset, out)
    }
    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.check()?;
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> std::io::Result<()> {
        self.check()?;
        self.inner.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        self.check()?;
        self.inner.write(offset, data)
    }
}

#[test]
fn a_full_disk_fails_the_write_clearly_and_keeps_earlier_answers() {
    let full = Arc::new(AtomicBool::new(false));
    let disk = FillingDisk {
        inner: redb::backends::InMemoryBackend::new(),
        full: full.clone(),
    };
    let store = Store::with_backend(disk, Path::new("usb/sansang.redb")).unwrap();
    let (_, _, response) = workshop(&store);
    store
        .set_answer(response.id, "q1", Some(json!("có")), None)
        .unwrap();
    full.store(true, Ordering::SeqCst);
    let err = store
        .set_answer(response.id, "q2", Some(json!("x".repeat(100_000))), None)
        .unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(err.to_string().contains("usb/sansang.redb"), "{err}");
    full.store(false, Ordering::SeqCst);
    let answers = store.answers(response.id).unwrap();
    assert_eq!(answers.keys().collect::<Vec<_>>(), ["q1"]);
}

#[test]
fn a_cleanly_closed_file_opens_without_repair_or_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clean.redb");
    let store = Store::open(&path).unwrap();
    workshop(&store);
    store.close().unwrap();
    let store = Store::open(&path).unwrap();
    assert!(store.backup().is_none());
    drop(store);
    let store = Store::open(&path).unwrap();
    assert!(store.backup().is_none());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}
