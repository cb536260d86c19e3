//! Schema 1 → 2, inside the caller's write transaction (after a verified copy of the file):
//! responses and their answers (a JSON record each, one row per answer) become one compact row
//! per response, audit entries (a JSON record each) become compact chunks, and the search
//! index is built. The old tables are deleted in the same transaction.

use std::sync::{Arc, RwLock};

use chrono::DateTime;
use redb::{ReadableTable, TableDefinition, WriteTransaction};
use serde_json::Value;
use uuid::Uuid;

use super::error::Fault;
use super::names::{Interner, Names};
use super::records::{AnswerRecord, AuditEntry, Establishment, Response};
use super::schema::{self, AUDIT, ESTABLISHMENTS, RESPONSES};
use super::{rows, search, trail};

const RESPONSES_V1: TableDefinition<Uuid, &[u8]> = TableDefinition::new("responses_v1");
const ANSWERS_V1: TableDefinition<(Uuid, &str), &[u8]> = TableDefinition::new("answers_v1");
const AUDIT_V1: TableDefinition<(Uuid, Uuid), &[u8]> = TableDefinition::new("audit_v1");

pub fn v1_to_v2(tx: &WriteTransaction) -> Result<(), Fault> {
    // The file has no names yet; the store loads them from the table once this commits.
    let cache = RwLock::new(Arc::new(Names::default()));
    let mut names = Interner::new(&cache);
    responses(tx, &mut names)?;
    audit(tx, &mut names)?;
    establishments(tx)?;
    tx.delete_table(RESPONSES_V1)?;
    tx.delete_table(ANSWERS_V1)?;
    tx.delete_table(AUDIT_V1)?;
    names.keep();
    Ok(())
}

/// Every response with its answers, walking both old tables (ordered by response id) side by
/// side.
fn responses(tx: &WriteTransaction, names: &mut Interner<'_>) -> Result<(), Fault> {
    let old = tx.open_table(RESPONSES_V1)?;
    let old_answers = tx.open_table(ANSWERS_V1)?;
    let mut new = tx.open_table(RESPONSES)?;
    let mut all = old_answers.iter()?;
    let mut pending = all.next().transpose()?;
    for row in old.iter()? {
        let (k, v) = row?;
        let id = k.value();
        let response: Response =
            schema::decode(v.value()).map_err(|d| Fault::bad("response", id, d))?;
        let mut list: Vec<(String, AnswerRecord)> = Vec::new();
        while let Some((ak, av)) = pending.take() {
            let (rid, question) = {
                let (rid, question) = ak.value();
                (rid, question.to_string())
            };
            if rid > id {
                pending = Some((ak, av));
                break;
            }
            if rid < id {
                return Err(orphan(rid, &question));
            }
            let record = decode_answer(av.value())
                .map_err(|d| Fault::bad("answer", format!("{id}/{question}"), d))?;
            list.push((question, record));
            pending = all.next().transpose()?;
        }
        let answers = list.iter().map(|(q, r)| (q.as_str(), r));
        new.insert(id, rows::encode(names, tx, &response, answers)?.as_slice())?;
    }
    match pending {
        Some((ak, _)) => Err(orphan(ak.value().0, ak.value().1)),
        None => Ok(()),
    }
}

/// Answers whose response is not stored cannot be placed: stop, leaving the file as it was.
fn orphan(response: Uuid, question: &str) -> Fault {
    Fault::bad(
        "answer",
        format!("{response}/{question}"),
        "it belongs to a response that is not stored, so it cannot be upgraded",
    )
}

/// Every audit entry, in the old order (by response, then entry id).
fn audit(tx: &WriteTransaction, names: &mut Interner<'_>) -> Result<(), Fault> {
    let old = tx.open_table(AUDIT_V1)?;
    let mut new = tx.open_table(AUDIT)?;
    let mut appender: Option<trail::Appender> = None;
    for row in old.iter()? {
        let (k, v) = row?;
        let (response, id) = k.value();
        let mut entry: AuditEntry =
            schema::decode(v.value()).map_err(|d| Fault::bad("audit entry", id, d))?;
        entry.id = id;
        entry.response_id = response;
        let same = appender.as_ref().is_some_and(|a| a.response() == response);
        if !same {
            if let Some(mut done) = appender.take() {
                done.write(&mut new)?;
            }
            appender = Some(trail::Appender::empty(response));
        }
        let entry_names = trail::entry_names(names, tx, &entry)?;
        if let Some(a) = appender.as_mut() {
            a.push(&mut new, &entry, entry_names)?;
        }
    }
    if let Some(mut done) = appender {
        done.write(&mut new)?;
    }
    Ok(())
}

/// The search keys of every establishment.
fn establishments(tx: &WriteTransaction) -> Result<(), Fault> {
    let table = tx.open_table(ESTABLISHMENTS)?;
    let mut index = tx.open_table(schema::SEARCH)?;
    for row in table.iter()? {
        let (k, v) = row?;
        let e: Establishment =
            schema::decode(v.value()).map_err(|d| Fault::bad("establishment", k.value(), d))?;
        search::insert(&mut index, &e)?;
    }
    Ok(())
}

/// A schema-1 answer: format byte 1, time in microseconds (i64 little-endian), JSON value.
fn decode_answer(bytes: &[u8]) -> Result<AnswerRecord, String> {
    let Some((&1, rest)) = bytes.split_first() else {
        return Err("unknown answer format".into());
    };
    let Some((time, json)) = rest.split_first_chunk::<8>() else {
        return Err("answer record too short".into());
    };
    let micros = i64::from_le_bytes(*time);
    let updated_at = DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| format!("answer time {micros} out of range"))?;
    let value: Value = serde_json::from_slice(json).map_err(|e| e.to_string())?;
    Ok(AnswerRecord { value, updated_at })
}
