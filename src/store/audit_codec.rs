//! The audit trail of a response in `audit_v2`: entries appended to chunks of about 2 KiB,
//! keyed (response id, chunk number), so a save rewrites one small chunk and a response's
//! whole trail is one or two rows.
//!
//! ```text
//! chunk: format (2) · entry · entry · …
//! entry: flags (action, which of old/new/reason follow) · at (from the chunk's first entry)
//!        · id (its time part from `at`, then its 10 other bytes) · question name
//!        · [old value] · [new value] · [reason name] · recorder name
//! ```
//! Only what changed is kept: the question, the old and new values, who, when and why.

use uuid::Uuid;

use super::codec::{Reader, put_signed, put_time, put_value, put_varint, time_base};
use super::names::Names;
use super::records::{AuditAction, AuditEntry};

const FORMAT: u8 = 2;
/// A chunk takes no more entries past this size.
pub const CHUNK_BYTES: usize = 2048;

const OLD: u8 = 1 << 2;
const NEW: u8 = 1 << 3;
const REASON: u8 = 1 << 4;

/// The name ids an entry refers to.
#[derive(Debug, Clone, Copy)]
pub struct EntryNames {
    pub question: u32,
    pub reason: Option<u32>,
    pub recorded_by: u32,
}

/// A new, empty chunk.
pub fn new_chunk() -> Vec<u8> {
    vec![FORMAT]
}

/// Appends `entry` to `chunk`.
pub fn append(chunk: &mut Vec<u8>, entry: &AuditEntry, names: EntryNames) -> Result<(), String> {
    let base = first_time(chunk)?;
    let mut flags = match entry.action {
        AuditAction::Set => 0,
        AuditAction::Changed => 1,
        AuditAction::Cleared => 2,
    };
    flags |= if entry.old.is_some() { OLD } else { 0 };
    flags |= if entry.new.is_some() { NEW } else { 0 };
    flags |= if names.reason.is_some() { REASON } else { 0 };
    chunk.push(flags);
    put_time(chunk, entry.at, base.unwrap_or(0));
    let id = entry.id.as_bytes();
    let id_ms = u64::from_be_bytes([0, 0, id[0], id[1], id[2], id[3], id[4], id[5]]);
    put_signed(chunk, i128::from(id_ms) - millis(time_base(entry.at)));
    chunk.extend_from_slice(&id[6..]);
    put_varint(chunk, names.question.into());
    for value in [&entry.old, &entry.new].into_iter().flatten() {
        put_value(chunk, value);
    }
    if let Some(reason) = names.reason {
        put_varint(chunk, reason.into());
    }
    put_varint(chunk, names.recorded_by.into());
    Ok(())
}

fn millis(nanos: i128) -> i128 {
    nanos.div_euclid(1_000_000)
}

/// The time of a chunk's first entry, the base of every other time in it.
fn first_time(chunk: &[u8]) -> Result<Option<i128>, String> {
    let mut r = Reader::new(chunk);
    check_format(&mut r)?;
    if r.is_done() {
        return Ok(None);
    }
    r.u8()?;
    Ok(Some(time_base(r.time(0)?)))
}

fn check_format(r: &mut Reader<'_>) -> Result<(), String> {
    match r.u8()? {
        FORMAT => Ok(()),
        v => Err(format!("unknown audit format {v}")),
    }
}

/// The entries of a chunk, in the order they were appended.
pub fn decode(chunk: &[u8], response: Uuid, names: &Names) -> Result<Vec<AuditEntry>, String> {
    let mut r = Reader::new(chunk);
    check_format(&mut r)?;
    let mut base = None;
    let mut out = Vec::new();
    while !r.is_done() {
        let flags = r.u8()?;
        let at = r.time(base.unwrap_or(0))?;
        let at_ns = time_base(at);
        base.get_or_insert(at_ns);
        let id = read_id(&mut r, at_ns)?;
        let question = names.text(r.small()?)?.to_string();
        let old = (flags & OLD != 0)
            .then(|| r.value()?.to_value())
            .transpose()?;
        let new = (flags & NEW != 0)
            .then(|| r.value()?.to_value())
            .transpose()?;
        let reason = (flags & REASON != 0)
            .then(|| r.small().and_then(|n| names.text(n).map(str::to_string)))
            .transpose()?;
        let recorded_by = names.text(r.small()?)?.to_string();
        let action = match flags & 3 {
            0 => AuditAction::Set,
            1 => AuditAction::Changed,
            2 => AuditAction::Cleared,
            _ => return Err(format!("unknown audit action in entry {id}")),
        };
        out.push(AuditEntry {
            id,
            response_id: response,
            question_id: question,
            action,
            at,
            old,
            new,
            reason,
            recorded_by,
        });
    }
    Ok(out)
}

fn read_id(r: &mut Reader<'_>, at_ns: i128) -> Result<Uuid, String> {
    let ms = millis(at_ns) + r.signed()?;
    let ms = u64::try_from(ms)
        .ok()
        .filter(|&ms| ms < 1 << 48)
        .ok_or("bad audit entry id")?;
    let mut id = [0u8; 16];
    id[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    id[6..].copy_from_slice(r.take(10)?);
    Ok(Uuid::from_bytes(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use serde_json::json;

    fn names() -> Names {
        let mut n = Names::default();
        for t in ["A1", "Lan", "nhập nhầm"] {
            n.push_for_test(t);
        }
        n
    }

    #[test]
    fn entries_read_back_whole_whatever_their_ids_and_times() {
        let response = Uuid::now_v7();
        let at = DateTime::from_timestamp(1_728_954_000, 987_654_321).unwrap();
        let mut first = AuditEntry::new(response, "A1", None, Some(json!("có")), None, "Lan", at);
        first.id = Uuid::from_u128(u128::MAX);
        let second = AuditEntry::new(
            response,
            "A1",
            Some(json!("có")),
            Some(json!(["a", "b"])),
            Some("nhập nhầm"),
            "Lan",
            at - chrono::Duration::days(400),
        );
        let mut cleared = AuditEntry::new(
            response,
            "A1",
            Some(json!(1)),
            None,
            None,
            "Lan",
            Utc::now(),
        );
        cleared.id = Uuid::nil();
        let mut chunk = new_chunk();
        let ids = |reason| EntryNames {
            question: 0,
            reason,
            recorded_by: 1,
        };
        append(&mut chunk, &first, ids(None)).unwrap();
        append(&mut chunk, &second, ids(Some(2))).unwrap();
        append(&mut chunk, &cleared, ids(None)).unwrap();
        let back = decode(&chunk, response, &names()).unwrap();
        assert_eq!(back, [first, second, cleared]);
        for cut in 1..chunk.len() {
            let _ = decode(&chunk[..cut], response, &names());
        }
    }
}
