//! Opening files: reading never writes, adopted files become owner-only, copies are verified
//! and pruned, settings and the pseudonym key last.

use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::Path;

use chrono::NaiveDate;
use serde_json::json;

use super::*;

fn digest(path: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(&fs::read(path).unwrap());
    h.finish()
}

/// A closed database with a session, an establishment, a response with answers.
fn closed_database(path: &Path) -> (Session, Establishment, Response) {
    let store = Store::open(path).unwrap();
    let session = store
        .create_session(Session::new(
            "Tập huấn Vô Tranh",
            NaiveDate::from_ymd_opt(2024, 10, 8).unwrap(),
        ))
        .unwrap();
    let est = store
        .add_establishment(Establishment::new(
            "HTX Chè Vô Tranh",
            EstablishmentKind::HopTacXa,
        ))
        .unwrap();
    store.join_session(session.id, est.id).unwrap();
    store.pin_survey("sxsh", "1", "{}").unwrap();
    let response = Response::new("sxsh", "1", est.id, session.id, "Lan");
    store.create_response(&response).unwrap();
    store
        .set_answer(response.id, "A1", Some(json!("có")), None)
        .unwrap();
    store
        .set_setting("centre", "Trung tâm Khuyến công")
        .unwrap();
    store.close().unwrap();
    (session, est, response)
}

/// Every read the store offers, each of which must succeed on a healthy file.
fn read_everything(store: &Store, session: &Session, est: &Establishment, response: &Response) {
    assert_eq!(store.sessions().unwrap().len(), 1);
    assert!(store.session(session.id).unwrap().is_some());
    assert_eq!(store.establishments(Some("vo tranh")).unwrap().len(), 1);
    assert_eq!(store.establishment_page(None, 5).unwrap().total, 1);
    assert!(store.establishment(est.id).unwrap().is_some());
    assert_eq!(store.session_establishments(session.id).unwrap().len(), 1);
    assert_eq!(store.session_responses(session.id).unwrap().len(), 1);
    assert_eq!(store.establishment_responses(est.id).unwrap().len(), 1);
    assert_eq!(store.answers(response.id).unwrap()["A1"].value, json!("có"));
    assert_eq!(store.audit(response.id).unwrap().len(), 1);
    assert!(store.survey_source("sxsh", "1").unwrap().is_some());
    assert_eq!(store.pinned_surveys().unwrap().len(), 1);
    assert_eq!(
        store.setting("centre").unwrap().unwrap(),
        "Trung tâm Khuyến công"
    );
    assert_eq!(store.pseudonym_key().unwrap().len(), 32);
    let mut n = 0;
    store
        .visit_responses(&ResponseFilter::default(), |_, a| {
            n += a.len();
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn reading_a_healthy_database_leaves_its_bytes_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop.redb");
    let (session, est, response) = closed_database(&path);
    let before = digest(&path);
    let store = Store::open_read_only(&path).unwrap();
    assert!(store.is_read_only());
    read_everything(&store, &session, &est, &response);
    store.close().unwrap();
    assert_eq!(digest(&path), before);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no copy, no side file"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_in_a_read_only_folder_can_be_read_and_not_changed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("usb");
    fs::create_dir(&folder).unwrap();
    let path = folder.join("workshop.redb");
    let (session, est, response) = closed_database(&path);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
    let store = Store::open_read_only(&path).unwrap();
    read_everything(&store, &session, &est, &response);
    let refused = [
        store
            .set_answer(response.id, "A1", Some(json!("không")), None)
            .err(),
        store
            .set_status(response.id, ResponseStatus::Complete)
            .err(),
        store.create_session(Session::new("x", session.date)).err(),
        store
            .add_establishment(Establishment {
                id: uuid::Uuid::now_v7(),
                name: "y".into(),
                ..est.clone()
            })
            .err(),
        store.set_setting("centre", "z").err(),
        store.write_batch(|_| Ok::<_, StoreError>(())).err(),
    ];
    for err in refused {
        let err = err.expect("a write on a read-only store is refused");
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("opened for reading only"), "{err}");
    }
    drop(store);
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_read_only_open_refuses_a_file_needing_repair_or_upgrade_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.redb");
    let crashed = dir.path().join("crashed.redb");
    let store = Store::open(&live).unwrap();
    store.set_setting("centre", "x").unwrap();
    // A copy taken while the file is open looks exactly like a file whose writer was killed.
    fs::copy(&live, &crashed).unwrap();
    let before = digest(&crashed);
    let err = Store::open_read_only(&crashed).err().unwrap();
    assert!(matches!(err, StoreError::NeedsWrite { .. }), "{err}");
    assert!(err.to_string().contains("needs a repair"), "{err}");
    assert_eq!(digest(&crashed), before);
    let missing = Store::open_read_only(dir.path().join("none.redb"))
        .err()
        .unwrap();
    assert!(matches!(missing, StoreError::Missing { .. }), "{missing}");
    assert!(!dir.path().join("none.redb").exists());
    let err = Store::open_read_only(&live).err().unwrap();
    assert!(matches!(err, StoreError::AlreadyOpen { .. }), "{err}");
}

#[cfg(unix)]
#[test]
fn an_existing_empty_file_is_adopted_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("given.redb");
    fs::write(&path, b"").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    Store::open(&path).unwrap().close().unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn settings_and_the_pseudonym_key_are_kept_and_differ_between_databases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.redb");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.setting("centre").unwrap(), None);
    store.set_setting("centre", "Trung tâm A").unwrap();
    store
        .set_setting("centre", "Trung tâm Khuyến công Thái Nguyên")
        .unwrap();
    store.set_setting("left_at", "session/123").unwrap();
    let key = store.pseudonym_key().unwrap();
    assert_eq!(store.pseudonym_key().unwrap(), key);
    store.close().unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.setting("centre").unwrap().unwrap(),
        "Trung tâm Khuyến công Thái Nguyên"
    );
    assert_eq!(store.setting("left_at").unwrap().unwrap(), "session/123");
    assert_eq!(store.pseudonym_key().unwrap(), key);
    let other = Store::open(dir.path().join("b.redb")).unwrap();
    assert_ne!(other.pseudonym_key().unwrap(), key);
    assert_ne!(key, [0u8; 32]);
}

#[test]
fn each_repair_keeps_one_verified_copy_and_at_most_three_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.redb");
    let crashed = dir.path().join("crashed.redb");
    let store = Store::open(&live).unwrap();
    let mut pruned = Vec::new();
    for round in 0..5 {
        store.set_setting("round", &round.to_string()).unwrap();
        fs::copy(&live, &crashed).unwrap();
        let before = digest(&crashed);
        let repaired = Store::open(&crashed).unwrap();
        assert_eq!(digest(repaired.backup().unwrap()), before);
        assert_eq!(
            repaired.setting("round").unwrap().unwrap(),
            round.to_string()
        );
        pruned.extend(repaired.pruned_copies().to_vec());
    }
    let copies: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("crashed.redb.bak-"))
        .collect();
    assert_eq!(copies.len(), MAX_COPIES, "{copies:?}");
    assert_eq!(pruned.len(), 2);
    assert!(pruned.iter().all(|p| !p.exists()));
}

#[test]
fn compacting_keeps_everything_and_never_grows_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.redb");
    let (session, est, response) = closed_database(&path);
    let mut store = Store::open(&path).unwrap();
    for i in 0..200 {
        let value = json!(format!("ghi chú {i}"));
        store
            .set_answer(response.id, "Z1", Some(value), None)
            .unwrap();
    }
    let audit = store.audit(response.id).unwrap();
    let grown = fs::metadata(&path).unwrap().len();
    store.compact().unwrap();
    assert!(fs::metadata(&path).unwrap().len() <= grown);
    assert_eq!(store.audit(response.id).unwrap(), audit);
    store
        .set_answer(response.id, "A1", Some(json!("không")), None)
        .unwrap();
    store.close().unwrap();
    let mut store = Store::open_read_only(&path).unwrap();
    assert!(matches!(store.compact(), Err(StoreError::ReadOnly { .. })));
    assert_eq!(
        store.answers(response.id).unwrap()["A1"].value,
        json!("không")
    );
    assert_eq!(
        store.session_establishments(session.id).unwrap()[0].id,
        est.id
    );
}
