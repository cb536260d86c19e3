//! A schema-1 file, written here with the previous layout, opens as schema 2 with every record,
//! every audit entry and every score exactly as before, and a copy of the old file kept.

use std::fs;
use std::path::Path;

use redb::{ReadableDatabase, TableDefinition, TableHandle};
use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::demo::{Options, generate};
use crate::survey::Catalog;

/// A stored response scored with its pinned definition, by the core alone.
fn score_stored(store: &Store, r: &Response) -> Result<crate::survey::Scorecard, String> {
    let source = store
        .survey_source(&r.survey_id, &r.survey_version)
        .map_err(|e| e.to_string())?
        .ok_or("no pinned definition")?;
    let survey = crate::survey::load_survey("pinned", source.as_bytes())
        .map_err(|e| e.to_string())?
        .survey;
    let answers: crate::survey::Answers = store
        .answers(r.id)
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter_map(|(q, a)| Some((q.clone(), survey.question(&q)?.parse_answer(&a.value).ok()?)))
        .collect();
    Ok(crate::survey::score(&survey, &answers))
}

/// Everything a store holds, as its API gives it.
#[derive(Debug, PartialEq)]
struct Contents {
    sessions: Vec<Session>,
    establishments: Vec<Establishment>,
    members: Vec<Vec<Uuid>>,
    surveys: Vec<(String, String, String)>,
    responses: Vec<(Response, AnswerList, Vec<AuditEntry>)>,
}

fn contents(store: &Store) -> Contents {
    let sessions = store.sessions().unwrap();
    let members = sessions
        .iter()
        .map(|s| {
            let list = store.session_establishments(s.id).unwrap();
            list.into_iter().map(|e| e.id).collect()
        })
        .collect();
    let surveys = store
        .pinned_surveys()
        .unwrap()
        .into_iter()
        .map(|(id, v)| {
            let source = store.survey_source(&id, &v).unwrap().unwrap();
            (id, v, source)
        })
        .collect();
    let mut responses = Vec::new();
    store
        .visit_responses(&ResponseFilter::default(), |r, answers| {
            let audit = store.audit(r.id)?;
            responses.push((r, answers, audit));
            Ok::<_, StoreError>(())
        })
        .unwrap();
    Contents {
        sessions,
        establishments: store.establishments(None).unwrap(),
        members,
        surveys,
        responses,
    }
}

const V1: [&str; 10] = [
    "meta",
    "sessions_v1",
    "establishments_v1",
    "session_establishments_v1",
    "responses_v1",
    "session_responses_v1",
    "establishment_responses_v1",
    "answers_v1",
    "audit_v1",
    "surveys_v1",
];

/// Writes `c` with the layout of schema 1: every record format byte 1 + JSON, answers one row
/// each (format byte, microseconds as i64 little-endian, JSON value).
fn write_schema_1(path: &Path, c: &Contents) {
    let uuid_table = |name| TableDefinition::<Uuid, &[u8]>::new(name);
    let pair_table = |name| TableDefinition::<(Uuid, Uuid), ()>::new(name);
    let db = redb::Database::create(path).unwrap();
    let tx = db.begin_write().unwrap();
    {
        let mut meta = tx
            .open_table(TableDefinition::<&str, u64>::new(V1[0]))
            .unwrap();
        meta.insert("schema_version", 1).unwrap();
        let mut sessions = tx.open_table(uuid_table(V1[1])).unwrap();
        for s in &c.sessions {
            sessions.insert(s.id, schema::encode(s).as_slice()).unwrap();
        }
        let mut ests = tx.open_table(uuid_table(V1[2])).unwrap();
        for e in &c.establishments {
            ests.insert(e.id, schema::encode(e).as_slice()).unwrap();
        }
        let mut members = tx.open_table(pair_table(V1[3])).unwrap();
        for (s, ids) in c.sessions.iter().zip(&c.members) {
            for e in ids {
                members.insert((s.id, *e), ()).unwrap();
            }
        }
        let mut responses = tx.open_table(uuid_table(V1[4])).unwrap();
        let mut by_session = tx.open_table(pair_table(V1[5])).unwrap();
        let mut by_est = tx.open_table(pair_table(V1[6])).unwrap();
        let mut answers = tx
            .open_table(TableDefinition::<(Uuid, &str), &[u8]>::new(V1[7]))
            .unwrap();
        let mut audit = tx
            .open_table(TableDefinition::<(Uuid, Uuid), &[u8]>::new(V1[8]))
            .unwrap();
        for (r, list, trail) in &c.responses {
            responses
                .insert(r.id, schema::encode(r).as_slice())
                .unwrap();
            by_session.insert((r.session_id, r.id), ()).unwrap();
            by_est.insert((r.establishment_id, r.id), ()).unwrap();
            for (q, a) in list {
                let mut bytes = vec![1];
                bytes.extend_from_slice(&a.updated_at.timestamp_micros().to_le_bytes());
                serde_json::to_writer(&mut bytes, &a.value).unwrap();
                answers
                    .insert((r.id, q.as_str()), bytes.as_slice())
                    .unwrap();
            }
            for entry in trail {
                audit
                    .insert((r.id, entry.id), schema::encode(entry).as_slice())
                    .unwrap();
            }
        }
        let mut surveys = tx
            .open_table(TableDefinition::<(&str, &str), &str>::new(V1[9]))
            .unwrap();
        for (id, v, source) in &c.surveys {
            surveys
                .insert((id.as_str(), v.as_str()), source.as_str())
                .unwrap();
        }
    }
    tx.commit().unwrap();
}

/// A demo workshop with drafts, a follow-up, and answers changed and cleared afterwards
/// (text with quotes and line breaks, a list, a number), with and without reasons.
fn demo_store(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    let options = Options {
        establishments: 40,
        ..Options::default()
    };
    generate(&store, &Catalog::bundled(), &options).unwrap();
    store.set_recorded_by("Hoàng Ngọc Lan");
    let ids: Vec<Uuid> = contents(&store).responses.iter().map(|r| r.0.id).collect();
    for (i, id) in ids.iter().enumerate().step_by(7) {
        store
            .set_answer(*id, "A1", Some(json!("knows")), Some("nhập nhầm"))
            .unwrap();
        store.set_answer(*id, "B5", None, None).unwrap();
        let text = json!(format!("ghi chú \"{i}\"\ndòng hai"));
        store.set_answer(*id, "Z9", Some(text), None).unwrap();
        store
            .set_answer(*id, "Z8", Some(json!([1.5, "x"])), None)
            .unwrap();
    }
    store
}

#[test]
fn a_schema_1_file_migrates_with_every_record_audit_entry_and_score_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(&dir.path().join("source.redb"));
    let before = contents(&source);
    assert!(before.responses.len() > 60);
    let audit_entries: usize = before.responses.iter().map(|r| r.2.len()).sum();
    assert!(audit_entries > before.responses.len() * 20);
    let scores: Vec<_> = before
        .responses
        .iter()
        .map(|(r, _, _)| score_stored(&source, r).unwrap())
        .collect();

    let old = dir.path().join("old.redb");
    write_schema_1(&old, &before);
    let old_bytes = fs::read(&old).unwrap();
    let migrated = Store::open(&old).unwrap();
    let backup = migrated.backup().expect("a copy kept before the migration");
    assert!(fs::read(backup).unwrap() == old_bytes, "the copy differs");
    assert_eq!(contents(&migrated), before);
    for ((r, _, _), score) in before.responses.iter().zip(&scores) {
        assert_eq!(&score_stored(&migrated, r).unwrap(), score, "{}", r.id);
    }
    let found = migrated.establishments(Some("phu")).unwrap();
    assert_eq!(found, source.establishments(Some("phu")).unwrap());
    assert!(!found.is_empty());
    assert_eq!(migrated.pseudonym_key().unwrap().len(), 32);
    migrated.close().unwrap();

    let db = redb::Database::open(&old).unwrap();
    let tx = db.begin_read().unwrap();
    let tables: Vec<String> = tx
        .list_tables()
        .unwrap()
        .map(|t| t.name().to_string())
        .collect();
    for gone in ["responses_v1", "answers_v1", "audit_v1"] {
        assert!(
            !tables.iter().any(|t| t == gone),
            "{gone} left in {tables:?}"
        );
    }
    let meta = tx.open_table(schema::META).unwrap();
    assert_eq!(schema::read_version(&meta).unwrap(), Some(SCHEMA_VERSION));
    assert!(
        fs::metadata(&old).unwrap().len() < old_bytes.len() as u64,
        "the migrated file is smaller"
    );
}

#[test]
fn a_migration_that_meets_an_unreadable_record_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_store(&dir.path().join("source.redb"));
    let mut before = contents(&source);
    before.responses.truncate(3);
    let old = dir.path().join("old.redb");
    write_schema_1(&old, &before);
    {
        let db = redb::Database::open(&old).unwrap();
        let tx = db.begin_write().unwrap();
        let table = TableDefinition::<(Uuid, &str), &[u8]>::new("answers_v1");
        tx.open_table(table)
            .unwrap()
            .insert((before.responses[1].0.id, "A1"), &[1u8, 2, 3][..])
            .unwrap();
        tx.commit().unwrap();
    }
    let old_bytes = fs::read(&old).unwrap();
    let err = Store::open(&old).err().unwrap();
    assert!(matches!(err, StoreError::BadRecord { .. }), "{err}");
    assert!(
        err.to_string()
            .contains(&before.responses[1].0.id.to_string()),
        "{err}"
    );
    assert!(fs::read(&old).unwrap() == old_bytes, "the file was changed");
}
