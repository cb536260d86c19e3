//! Reading a definition or a responses file as JSON. Unlike `serde_json::from_slice`,
//! a key given twice in one object is refused with its path: silently keeping the last
//! `"weight"` of two would score with a number the author may not have meant.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::problem::{MAX_FILE_BYTES, Place, Problem, Problems, Severity};
use super::walk::{index, join};

/// Parse `bytes` as JSON, or say where the syntax breaks (`FILE:LINE:COL`) or which key is
/// given twice (`FILE: PATH`).
pub fn parse_json(file: &str, bytes: &[u8]) -> Result<Value, Problems> {
    parse_json_up_to(file, bytes, MAX_FILE_BYTES)
}

/// [`parse_json`] of a file that may be up to `limit` bytes (a responses file to import).
pub fn parse_json_up_to(file: &str, bytes: &[u8], limit: usize) -> Result<Value, Problems> {
    let problem = |place: Place, message: String| {
        Problems(vec![Problem {
            file: file.into(),
            place,
            severity: Severity::Error,
            message,
        }])
    };
    if bytes.len() > limit {
        let mib = |n: usize| n as f64 / (1024.0 * 1024.0);
        return Err(problem(
            Place::File,
            format!(
                "file is {:.1} MiB; at most {:.0} MiB is read. Is this the right file?",
                mib(bytes.len()),
                mib(limit)
            ),
        ));
    }
    // Notepad on Windows saves UTF-8 with a byte-order mark.
    let bytes = crate::platform::without_bom(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(problem(
            Place::File,
            "file is empty; expected a JSON object".into(),
        ));
    }
    let state = State::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed = ValueSeed { state: &state }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    parsed.map_err(|e| match state.duplicate.take() {
        Some(path) => problem(
            Place::Path(path),
            format!(
                "this key is given twice in one object (the second at line {}); keep one",
                e.line()
            ),
        ),
        None => problem(
            Place::Position {
                line: e.line(),
                column: e.column(),
            },
            format!("invalid JSON: {}", syntax_message(&e)),
        ),
    })
}

fn syntax_message(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Eof => "the JSON ends too early (a missing } or ]?)".into(),
        // serde_json appends " at line L column C", which our prefix already says.
        _ => {
            let message = e.to_string();
            match message.rfind(" at line ") {
                Some(i) => message[..i].to_owned(),
                None => message,
            }
        }
    }
}

/// Where the reader is, and the path of a key found twice.
#[derive(Default)]
struct State {
    path: RefCell<Vec<Segment>>,
    duplicate: RefCell<Option<String>>,
}

/// A key is moved onto the path while its value is read and back into its object after,
/// so that tracking the path costs no copy; it is written out only for a message.
enum Segment {
    Key(String),
    Index(usize),
}

impl State {
    fn current(&self, last: &str) -> String {
        let mut path = String::new();
        for segment in self.path.borrow().iter() {
            match segment {
                Segment::Key(k) => path = join(&path, k),
                Segment::Index(i) => path = index(&path, *i),
            }
        }
        join(&path, last)
    }
}

#[derive(Clone, Copy)]
struct ValueSeed<'s> {
    state: &'s State,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.state
                .path
                .borrow_mut()
                .push(Segment::Index(items.len()));
            let item = seq.next_element_seed(self);
            self.state.path.borrow_mut().pop();
            match item? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                *self.state.duplicate.borrow_mut() = Some(self.state.current(&key));
                return Err(de::Error::custom(format!("duplicate key \"{key}\"")));
            }
            self.state.path.borrow_mut().push(Segment::Key(key));
            let value = map.next_value_seed(self);
            let popped = self.state.path.borrow_mut().pop();
            let Some(Segment::Key(key)) = popped else {
                return Err(de::Error::custom("the reader lost its place"));
            };
            object.insert(key, value?);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse_json("f.json", text.as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_same_value_as_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": 18446744073709551615}"#;
        let ours = parse_json("f.json", text.as_bytes()).unwrap();
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn a_key_given_twice_is_refused_with_its_path() {
        assert_eq!(
            error("{\"format\": 1,\n \"format\": 2}"),
            "f.json: format: error: this key is given twice in one object (the second at line 2); keep one"
        );
        let nested = r#"{"questions": [{"id": "a"}, {"id": "b", "options": [{"value": "x", "score": 1, "score": 2}]}]}"#;
        assert!(
            error(nested).starts_with(
                "f.json: questions[1].options[0].score: error: this key is given twice"
            ),
            "{}",
            error(nested)
        );
        // The same key in two different objects is fine.
        assert!(parse_json("f.json", br#"[{"a": 1}, {"a": 2}, {"b": {"a": 3}}]"#).is_ok());
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        assert_eq!(
            error("{\n  \"a\": 1\n  \"b\": 2\n}"),
            "f.json:3:3: error: invalid JSON: expected `,` or `}`"
        );
        assert!(error("[1, 2").contains("ends too early"));
        assert!(error("{} x").starts_with("f.json:1:4: error: invalid JSON: trailing characters"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(error(&deep).contains("recursion limit"), "{}", error(&deep));
    }
}
