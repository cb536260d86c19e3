//! sansang's store beside sqlite holding the same rows, for the figures of issue 14: file size,
//! scoring every response, inserting a responses file's worth of responses, one durable save.
//!
//! The sqlite side is what a careful developer would write: ids as 16-byte blobs, times as
//! integers (ns), one row per answer and per audit entry (value as JSON text, names as text),
//! WITHOUT ROWID tables keyed like ours, WAL with synchronous=FULL. Both sides score with the
//! same core (`survey::score_with`) on one thread, so the figure compares reading the rows.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use sansang::fieldwork::Pinned;
use sansang::store::{
    AnswerRecord, AuditEntry, Establishment, Response, ResponseFilter, Session, Store, StoreError,
};
use sansang::survey::{Answer, Kind, score_with};
use serde_json::Value;
use uuid::Uuid;

const SCHEMA: &str = "
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE sessions(id BLOB PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE establishments(id BLOB PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE session_establishments(session BLOB, establishment BLOB,
    PRIMARY KEY(session, establishment)) WITHOUT ROWID;
CREATE TABLE surveys(id TEXT, version TEXT, source TEXT NOT NULL, PRIMARY KEY(id, version));
CREATE TABLE responses(id BLOB PRIMARY KEY, survey_id TEXT NOT NULL, survey_version TEXT NOT NULL,
    establishment_id BLOB NOT NULL, session_id BLOB NOT NULL, status INTEGER NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, recorded_by TEXT NOT NULL)
    WITHOUT ROWID;
CREATE INDEX responses_session ON responses(session_id);
CREATE INDEX responses_establishment ON responses(establishment_id);
CREATE TABLE answers(response_id BLOB, question_id TEXT, value TEXT NOT NULL,
    updated_at INTEGER NOT NULL, PRIMARY KEY(response_id, question_id)) WITHOUT ROWID;
CREATE TABLE audit(response_id BLOB, id BLOB, question_id TEXT NOT NULL, action INTEGER NOT NULL,
    at INTEGER NOT NULL, old TEXT, new TEXT, reason TEXT, recorded_by TEXT NOT NULL,
    PRIMARY KEY(response_id, id)) WITHOUT ROWID;
";

fn nanos(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp_nanos_opt().unwrap_or_default()
}

/// One response as a responses file brings it: the record, its answers and its audit trail.
pub type Recorded = (Response, BTreeMap<String, AnswerRecord>, Vec<AuditEntry>);

/// Everything a store holds, read through its API.
pub struct Contents {
    pub sessions: Vec<Session>,
    pub establishments: Vec<Establishment>,
    pub members: Vec<(Uuid, Uuid)>,
    pub surveys: Vec<(String, String, String)>,
    pub responses: Vec<Recorded>,
}

pub fn contents(store: &Store, limit: usize) -> Contents {
    let sessions = store.sessions().unwrap();
    let mut members = Vec::new();
    for s in &sessions {
        for e in store.session_establishments(s.id).unwrap() {
            members.push((s.id, e.id));
        }
    }
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
            if responses.len() < limit {
                let audit = store.audit(r.id)?;
                responses.push((r, answers.into_iter().collect(), audit));
            }
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

/// A new sqlite database at `path` holding the directory of `c` and every response of
/// `store` (streamed, 10,000 responses a transaction).
pub fn build_sqlite(path: &Path, store: &Store, c: &Contents) -> Connection {
    let _ = fs::remove_file(path);
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    let tx = conn.transaction().unwrap();
    directory(
        &tx,
        &c.sessions,
        c.establishments.iter(),
        &c.members,
        &c.surveys,
    );
    tx.commit().unwrap();
    let mut pending = Vec::new();
    let flush = |pending: &mut Vec<Recorded>, conn: &mut Connection| {
        let tx = conn.transaction().unwrap();
        insert_responses(&tx, pending);
        tx.commit().unwrap();
        pending.clear();
    };
    store
        .visit_responses(&ResponseFilter::default(), |r, answers| {
            let audit = store.audit(r.id)?;
            pending.push((r, answers.into_iter().collect(), audit));
            if pending.len() == 10_000 {
                flush(&mut pending, &mut conn);
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    flush(&mut pending, &mut conn);
    conn
}

fn directory<'a>(
    tx: &rusqlite::Transaction<'_>,
    sessions: &[Session],
    establishments: impl Iterator<Item = &'a Establishment>,
    members: &[(Uuid, Uuid)],
    surveys: &[(String, String, String)],
) {
    for s in sessions {
        let record = serde_json::to_string(s).unwrap();
        tx.execute(
            "INSERT INTO sessions VALUES (?1, ?2)",
            params![s.id.as_bytes(), record],
        )
        .unwrap();
    }
    for e in establishments {
        let record = serde_json::to_string(e).unwrap();
        tx.execute(
            "INSERT INTO establishments VALUES (?1, ?2)",
            params![e.id.as_bytes(), record],
        )
        .unwrap();
    }
    for (s, e) in members {
        tx.execute(
            "INSERT INTO session_establishments VALUES (?1, ?2)",
            params![s.as_bytes(), e.as_bytes()],
        )
        .unwrap();
    }
    for (id, v, source) in surveys {
        tx.execute(
            "INSERT INTO surveys VALUES (?1, ?2, ?3)",
            params![id, v, source],
        )
        .unwrap();
    }
}

/// The responses with their answers and audit entries, as INSERTs in the caller's transaction.
pub fn insert_responses(tx: &rusqlite::Transaction<'_>, responses: &[Recorded]) {
    let mut response = tx
        .prepare_cached("INSERT INTO responses VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .unwrap();
    let mut answer = tx
        .prepare_cached("INSERT INTO answers VALUES (?1, ?2, ?3, ?4)")
        .unwrap();
    let mut audit = tx
        .prepare_cached("INSERT INTO audit VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .unwrap();
    let json = |v: &Option<Value>| v.as_ref().map(|v| v.to_string());
    for (r, answers, trail) in responses {
        let id = r.id.as_bytes();
        response
            .execute(params![
                id,
                r.survey_id,
                r.survey_version,
                r.establishment_id.as_bytes(),
                r.session_id.as_bytes(),
                r.status as i64,
                nanos(r.created_at),
                nanos(r.updated_at),
                r.recorded_by
            ])
            .unwrap();
        for (q, a) in answers {
            answer
                .execute(params![id, q, a.value.to_string(), nanos(a.updated_at)])
                .unwrap();
        }
        for e in trail {
            audit
                .execute(params![
                    id,
                    e.id.as_bytes(),
                    e.question_id,
                    e.action as i64,
                    nanos(e.at),
                    json(&e.old),
                    json(&e.new),
                    e.reason,
                    e.recorded_by
                ])
                .unwrap();
        }
    }
}

/// The pinned definitions, as the application layer reads them.
pub fn surveys(store: &Store) -> Vec<Pinned> {
    store
        .pinned_surveys()
        .unwrap()
        .into_iter()
        .map(|(id, v)| {
            let source = store.survey_source(&id, &v).unwrap().unwrap();
            Pinned::new(
                sansang::survey::load_survey(&id, source.as_bytes())
                    .unwrap()
                    .survey,
            )
        })
        .collect()
}

fn survey<'s>(all: &'s [Pinned], id: &str, v: &str) -> &'s Pinned {
    all.iter()
        .find(|p| p.survey.id == id && p.survey.version == v)
        .unwrap()
}

/// Scores every stored response on this thread: (how many, sum of their indexes).
pub fn score_sansang(store: &Store, all: &[Pinned]) -> (usize, f64) {
    let (mut n, mut sum) = (0, 0.0);
    store
        .visit_stored(&ResponseFilter::default(), |r, stored| {
            let pinned = survey(all, &r.survey_id, &r.survey_version);
            let read = pinned.read(&stored);
            n += 1;
            sum += pinned.score(&read).index.unwrap_or(0.0);
            Ok::<_, StoreError>(())
        })
        .unwrap();
    (n, sum)
}

/// The response being read: its id, its definition and its answers by question position.
type Scoring<'s> = (Vec<u8>, &'s Pinned, Vec<Option<Answer>>);

/// The same from sqlite: every answer row in response order, scored with the same core.
pub fn score_sqlite(conn: &Connection, all: &[Pinned]) -> (usize, f64) {
    let mut stmt = conn
        .prepare(
            "SELECT r.id, r.survey_id, r.survey_version, a.question_id, a.value
             FROM responses r LEFT JOIN answers a ON a.response_id = r.id
             ORDER BY r.id, a.question_id",
        )
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    let (mut n, mut sum) = (0, 0.0);
    let mut current: Option<Scoring<'_>> = None;
    let mut finish = |done: Option<Scoring<'_>>| {
        if let Some((_, p, answers)) = done {
            n += 1;
            sum += score_with(&p.survey, |i| answers[i].as_ref())
                .index
                .unwrap_or(0.0);
        }
    };
    while let Some(row) = rows.next().unwrap() {
        let id: Vec<u8> = row.get(0).unwrap();
        if current.as_ref().is_none_or(|(c, _, _)| *c != id) {
            let (sid, v): (String, String) = (row.get(1).unwrap(), row.get(2).unwrap());
            let entry = survey(all, &sid, &v);
            let blank = vec![None; entry.survey.questions.len()];
            finish(current.replace((id, entry, blank)));
        }
        let Some(question) = row.get::<_, Option<String>>(3).unwrap() else {
            continue;
        };
        let value: String = row.get(4).unwrap();
        if let Some((_, p, answers)) = current.as_mut()
            && let Some(at) = p.index.position(&question)
            && let Ok(a) = parse(&p.survey.questions[at], &value)
        {
            answers[at] = Some(a);
        }
    }
    finish(current);
    (n, sum)
}

/// A stored JSON value as an answer, with the shortcut the store takes for plain option text.
fn parse(q: &sansang::survey::Question, json: &str) -> Result<Answer, String> {
    let plain = json
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|s| !s.contains(['"', '\\']));
    match plain {
        Some(s) if matches!(q.kind, Kind::Single { .. }) && q.option(s).is_some() => {
            Ok(Answer::Choice(s.to_string()))
        }
        _ => q.parse_answer(&serde_json::from_str(json).map_err(|e| e.to_string())?),
    }
}

/// The establishments the responses of `c` belong to: what a responses file needs in the
/// database before it is imported.
fn referenced(c: &Contents) -> impl Iterator<Item = &Establishment> {
    let ids: std::collections::HashSet<Uuid> =
        c.responses.iter().map(|r| r.0.establishment_id).collect();
    c.establishments.iter().filter(move |e| ids.contains(&e.id))
}

/// A fresh sansang database holding what the responses of `c` need.
pub fn fresh_sansang(path: &Path, c: &Contents) -> Store {
    let _ = fs::remove_file(path);
    let store = Store::open(path).unwrap();
    store
        .write_batch(|b| {
            for s in &c.sessions {
                b.put_session(s)?;
            }
            for e in referenced(c) {
                b.put_establishment(e)?;
            }
            for (id, v, source) in &c.surveys {
                b.pin_survey(id, v, source)?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    store
}

/// A fresh sqlite database holding what the responses of `c` need.
pub fn fresh_sqlite(path: &Path, c: &Contents) -> Connection {
    let _ = fs::remove_file(path);
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch(SCHEMA).unwrap();
    let tx = conn.transaction().unwrap();
    directory(&tx, &c.sessions, referenced(c), &[], &c.surveys);
    tx.commit().unwrap();
    conn
}

/// Inserts a responses file's worth of responses in one durable transaction.
pub fn insert_sansang(store: &Store, responses: &[Recorded]) -> Duration {
    let started = Instant::now();
    store
        .write_batch_with_reason(Some("import responses.json"), |b| {
            for (r, answers, _) in responses {
                b.insert_response(r, answers)?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    started.elapsed()
}

/// The same into sqlite (answers and one audit entry per answer, as the store writes them).
pub fn insert_sqlite(conn: &mut Connection, responses: &[Recorded]) -> Duration {
    let started = Instant::now();
    let tx = conn.transaction().unwrap();
    insert_responses(&tx, responses);
    tx.commit().unwrap();
    started.elapsed()
}

/// One durable answer save in sqlite: the answer, the response's time and an audit entry.
pub fn save_sqlite(conn: &Connection, response: Uuid, value: &str, recorded_by: &str) {
    let now = nanos(chrono::Utc::now());
    let json = Value::String(value.to_string()).to_string();
    let id = response.as_bytes();
    conn.execute_batch("BEGIN").unwrap();
    let old: Option<String> = conn
        .query_row(
            "SELECT value FROM answers WHERE response_id = ?1 AND question_id = 'A1'",
            params![id],
            |r| r.get(0),
        )
        .ok();
    conn.execute(
        "INSERT OR REPLACE INTO answers VALUES (?1, 'A1', ?2, ?3)",
        params![id, json, now],
    )
    .unwrap();
    conn.execute(
        "UPDATE responses SET updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO audit VALUES (?1, ?2, 'A1', 1, ?3, ?4, ?5, NULL, ?6)",
        params![id, Uuid::now_v7().as_bytes(), now, old, json, recorded_by],
    )
    .unwrap();
    conn.execute_batch("COMMIT").unwrap();
}

/// A raw 4 KiB write + fsync in `dir`, the floor of any durable save there.
pub struct RawWrite(fs::File);

impl RawWrite {
    pub fn new(dir: &Path) -> RawWrite {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(dir.join("raw-4k.bin"))
            .unwrap();
        RawWrite(file)
    }

    pub fn once(&mut self) {
        self.0.seek(SeekFrom::Start(0)).unwrap();
        self.0.write_all(&[0x5A; 4096]).unwrap();
        self.0.sync_all().unwrap();
    }
}

/// The least any durable save in redb costs: one commit that replaces a row of the size of a
/// stored response (about 2 KB) in a table of `rows` rows and adds a small row (an audit
/// entry's size) to a second table of as many, with nothing else done. What a save of
/// sansang's costs above this is its own work; below it no layout on redb can go.
pub struct BareRedb {
    db: redb::Database,
    rows: u64,
    next: u64,
}

const BARE_RESPONSES: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("responses");
const BARE_AUDIT: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("audit");
const BARE_ROW: [u8; 2000] = [7; 2000];

impl BareRedb {
    pub fn new(path: &Path, rows: u64) -> BareRedb {
        let _ = fs::remove_file(path);
        let db = redb::Database::create(path).unwrap();
        let tx = db.begin_write().unwrap();
        {
            let mut responses = tx.open_table(BARE_RESPONSES).unwrap();
            let mut audit = tx.open_table(BARE_AUDIT).unwrap();
            for i in 0..rows {
                responses.insert(i, BARE_ROW.as_slice()).unwrap();
                audit.insert(i, &BARE_ROW[..200]).unwrap();
            }
        }
        tx.commit().unwrap();
        BareRedb {
            db,
            rows,
            next: rows,
        }
    }

    pub fn once(&mut self) {
        let tx = self.db.begin_write().unwrap();
        {
            let mut responses = tx.open_table(BARE_RESPONSES).unwrap();
            responses
                .insert(self.next % self.rows.max(1), BARE_ROW.as_slice())
                .unwrap();
            let mut audit = tx.open_table(BARE_AUDIT).unwrap();
            audit.insert(self.next, &BARE_ROW[..200]).unwrap();
        }
        tx.commit().unwrap();
        self.next += 1;
    }
}

/// The size of a sqlite database with its WAL folded in.
pub fn sqlite_bytes(conn: &Connection, path: &Path) -> u64 {
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    fs::metadata(path).unwrap().len()
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}
