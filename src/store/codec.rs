//! The bytes of schema 2: variable-length integers, times and answer values.
//!
//! Written by hand rather than with a serde format: the records are read field by field in
//! place (scoring reads 4 million answers without building them), times are stored as
//! differences from a nearby time, and the layout of each record is fixed by its format byte,
//! not by a library's version.

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

const NANOS: i128 = 1_000_000_000;

/// Appends `v` as LEB128: 7 bits a byte, low bits first.
pub fn put_varint(out: &mut Vec<u8>, mut v: u128) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a signed number, small ones in few bytes whatever their sign.
pub fn put_signed(out: &mut Vec<u8>, v: i128) {
    put_varint(out, ((v << 1) ^ (v >> 127)) as u128);
}

/// Nanoseconds since 1970, and whether the time is a leap second (chrono keeps those apart).
fn nanos(t: DateTime<Utc>) -> (i128, bool) {
    let sub = t.timestamp_subsec_nanos();
    let leap = sub >= 1_000_000_000;
    let sub = if leap { sub - 1_000_000_000 } else { sub };
    (t.timestamp() as i128 * NANOS + sub as i128, leap)
}

/// Appends a time to the nanosecond as its difference from `base` (nanoseconds since 1970).
pub fn put_time(out: &mut Vec<u8>, t: DateTime<Utc>, base: i128) {
    let (n, leap) = nanos(t);
    let delta = n - base;
    put_varint(
        out,
        (((delta << 1) ^ (delta >> 127)) as u128) << 1 | u128::from(leap),
    );
}

/// Nanoseconds since 1970 of `t`, the base of the times stored after it.
pub fn time_base(t: DateTime<Utc>) -> i128 {
    nanos(t).0
}

/// Appends an answer value: a string as its text, anything else as JSON.
pub fn put_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::String(s) => put_bytes(out, 0, s.as_bytes()),
        // Serializing a JSON value cannot fail.
        other => put_bytes(out, 1, &serde_json::to_vec(other).unwrap_or_default()),
    }
}

fn put_bytes(out: &mut Vec<u8>, kind: u128, bytes: &[u8]) {
    put_varint(out, (bytes.len() as u128) << 1 | kind);
    out.extend_from_slice(bytes);
}

/// A stored answer value, read in place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RawValue<'a> {
    Text(&'a str),
    Json(&'a [u8]),
}

impl RawValue<'_> {
    pub fn to_value(self) -> Result<Value, String> {
        match self {
            RawValue::Text(s) => Ok(Value::String(s.to_string())),
            RawValue::Json(json) => serde_json::from_slice(json).map_err(|e| e.to_string()),
        }
    }
}

/// Reads the fields of a record in order; every error says what was cut short or out of range.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub fn at(&self) -> usize {
        self.at
    }

    pub fn is_done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("record cut short at byte {}", self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    pub fn uuid(&mut self) -> Result<Uuid, String> {
        let bytes: [u8; 16] = self
            .take(16)?
            .try_into()
            .map_err(|_| "bad id".to_string())?;
        Ok(Uuid::from_bytes(bytes))
    }

    pub fn varint(&mut self) -> Result<u128, String> {
        let mut v: u128 = 0;
        for shift in (0..128).step_by(7) {
            let b = self.u8()?;
            v |= u128::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(format!("number too long at byte {}", self.at))
    }

    /// A varint that must fit a u32 (name ids, lengths).
    pub fn small(&mut self) -> Result<u32, String> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| format!("number {v} out of range at byte {}", self.at))
    }

    pub fn signed(&mut self) -> Result<i128, String> {
        let v = self.varint()?;
        Ok((v >> 1) as i128 ^ -((v & 1) as i128))
    }

    /// A time stored by [`put_time`] against the same `base`.
    pub fn time(&mut self, base: i128) -> Result<DateTime<Utc>, String> {
        let v = self.varint()?;
        let (leap, v) = (v & 1 == 1, v >> 1);
        let delta = (v >> 1) as i128 ^ -((v & 1) as i128);
        let n = base
            .checked_add(delta)
            .ok_or_else(|| "time out of range".to_string())?;
        let secs = i64::try_from(n.div_euclid(NANOS)).map_err(|_| "time out of range")?;
        let sub = n.rem_euclid(NANOS) as u32 + if leap { 1_000_000_000 } else { 0 };
        DateTime::from_timestamp(secs, sub).ok_or_else(|| format!("time {n} ns out of range"))
    }

    pub fn value(&mut self) -> Result<RawValue<'a>, String> {
        let head = self.varint()?;
        let len = usize::try_from(head >> 1).map_err(|_| "value too long".to_string())?;
        let bytes = self.take(len)?;
        match head & 1 {
            0 => std::str::from_utf8(bytes)
                .map(RawValue::Text)
                .map_err(|_| "answer text is not UTF-8".to_string()),
            _ => Ok(RawValue::Json(bytes)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn time_round_trip(t: DateTime<Utc>, base: i128) -> DateTime<Utc> {
        let mut out = Vec::new();
        put_time(&mut out, t, base);
        let mut r = Reader::new(&out);
        let back = r.time(base).unwrap();
        assert!(r.is_done());
        back
    }

    proptest! {
        #[test]
        fn signed_numbers_round_trip(v in any::<i64>()) {
            let mut out = Vec::new();
            put_signed(&mut out, i128::from(v));
            prop_assert_eq!(Reader::new(&out).signed().unwrap(), i128::from(v));
        }

        #[test]
        fn times_round_trip_to_the_nanosecond(secs in -62_000_000_000i64..250_000_000_000, ns in 0u32..1_000_000_000, base in any::<i64>()) {
            let t = Utc.timestamp_opt(secs, ns).unwrap();
            prop_assert_eq!(time_round_trip(t, i128::from(base)), t);
        }
    }

    #[test]
    fn a_leap_second_and_the_extremes_are_kept() {
        let leap = DateTime::from_timestamp(1_483_228_799, 1_500_000_000).unwrap();
        assert_eq!(time_round_trip(leap, 0), leap);
        for t in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            assert_eq!(time_round_trip(t, time_base(Utc::now())), t);
        }
    }

    #[test]
    fn values_keep_text_raw_and_the_rest_as_json() {
        for v in [
            serde_json::json!("có \"ngoặc\" \\ và xuống\ndòng"),
            serde_json::json!(["a", "b"]),
            serde_json::json!(3.5),
            serde_json::json!(null),
        ] {
            let mut out = Vec::new();
            put_value(&mut out, &v);
            let raw = Reader::new(&out).value().unwrap();
            assert_eq!(matches!(raw, RawValue::Text(_)), v.is_string());
            assert_eq!(raw.to_value().unwrap(), v);
        }
    }

    #[test]
    fn cut_or_overlong_bytes_are_errors_not_panics() {
        assert!(Reader::new(&[0x80, 0x80]).varint().is_err());
        assert!(Reader::new(&[0xFF; 40]).varint().is_err());
        assert!(Reader::new(&[0x09, b'a']).value().is_err());
        assert!(Reader::new(&[0x04, 0xFF, 0xFE]).value().is_err());
        assert!(Reader::new(&[0xFF; 18]).time(0).is_err());
        assert!(Reader::new(&[1, 2]).uuid().is_err());
    }
}
