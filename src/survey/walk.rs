//! Reading a parsed JSON document field by field, collecting every problem
//! with its JSON path instead of stopping at the first.

use serde_json::{Map, Value};

use super::problem::{Place, Problem, Severity};
use super::text::{Text, nfc};

pub struct Walker<'f> {
    pub file: &'f str,
    pub problems: Vec<Problem>,
    /// The survey's languages, the default first; used to read localized text.
    pub languages: Vec<String>,
}

/// `parent.key`, or `key` at the top.
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// The largest weight, score or threshold a definition may give.
pub const MAX_MAGNITUDE: f64 = 1_000_000.0;

pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// The JSON kind of a value, for messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl<'f> Walker<'f> {
    pub fn new(file: &'f str) -> Self {
        Walker {
            file,
            problems: Vec::new(),
            languages: vec!["vi".into()],
        }
    }

    pub fn error(&mut self, path: &str, message: impl Into<String>) {
        self.push(path, Severity::Error, message.into());
    }

    pub fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.push(path, Severity::Warning, message.into());
    }

    fn push(&mut self, path: &str, severity: Severity, message: String) {
        self.problems.push(Problem {
            file: self.file.into(),
            place: Place::Path(path.into()),
            severity,
            message,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    pub fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.error(
                    path,
                    format!("expected {what} (a JSON object), found {}", kind_of(other)),
                );
                None
            }
        }
    }

    /// Warn about keys the format does not know: usually a typo ("reqired").
    pub fn known_keys(&mut self, map: &Map<String, Value>, path: &str, known: &[&str]) {
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                self.warn(
                    &join(path, key),
                    format!(
                        "unknown key \"{key}\" is ignored; known keys here: {}",
                        known.join(", ")
                    ),
                );
            }
        }
    }

    /// A required field: reports it missing.
    pub fn required<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        path: &str,
        key: &str,
        what: &str,
    ) -> Option<&'v Value> {
        let v = map.get(key);
        if v.is_none() {
            self.error(&join(path, key), format!("missing; expected {what}"));
        }
        v
    }

    pub fn string(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(nfc(s)),
            other => {
                self.error(path, format!("expected text, found {}", kind_of(other)));
                None
            }
        }
    }

    pub fn number(&mut self, v: &Value, path: &str) -> Option<f64> {
        match v.as_f64() {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.error(path, format!("expected a number, found {}", kind_of(v)));
                None
            }
        }
    }

    /// A weight, score or threshold: past ±`MAX_MAGNITUDE` it is a typo, and sums of such
    /// numbers would overflow to infinity and score as NaN.
    pub fn bounded(&mut self, v: &Value, path: &str) -> Option<f64> {
        let n = self.number(v, path)?;
        if n.abs() > MAX_MAGNITUDE {
            self.error(
                path,
                format!("{n:e} is too large; weights, scores and thresholds lie within ±1000000"),
            );
            return None;
        }
        Some(n)
    }

    pub fn non_negative(&mut self, v: &Value, path: &str) -> Option<f64> {
        let n = self.bounded(v, path)?;
        if n < 0.0 {
            self.error(path, format!("{n} is negative; expected 0 or more"));
            return None;
        }
        Some(n)
    }

    pub fn integer(&mut self, v: &Value, path: &str) -> Option<i64> {
        match v.as_i64() {
            Some(n) => Some(n),
            None => {
                self.error(path, format!("expected a whole number, found {}", v));
                None
            }
        }
    }

    pub fn boolean(&mut self, v: &Value, path: &str) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                self.error(
                    path,
                    format!("expected true or false, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    pub fn array<'v>(&mut self, v: &'v Value, path: &str, what: &str) -> Option<&'v [Value]> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.error(
                    path,
                    format!("expected a list of {what}, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    pub fn opt<T>(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        read: impl FnOnce(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<T> {
        map.get(key).and_then(|v| read(self, v, &join(path, key)))
    }

    /// Localized text: a string in the default language, or an object holding
    /// the default language and possibly others.
    pub fn text(&mut self, v: &Value, path: &str) -> Option<Text> {
        let default = self.languages[0].clone();
        match v {
            Value::String(s) => Some(self.text_in_default(s, path)),
            Value::Object(m) => {
                let Some(main) = m.get(&default) else {
                    self.error(
                        path,
                        format!("no \"{default}\" text; the default language must always be given"),
                    );
                    return None;
                };
                let mut text = Text::new(self.string(main, &join(path, &default))?);
                for (lang, value) in m {
                    if *lang == default {
                        continue;
                    }
                    if !self.languages.contains(lang) {
                        self.warn(&join(path, lang), format!("language \"{lang}\" is not in the survey's languages; it is ignored"));
                    } else if let Some(s) = self.string(value, &join(path, lang)) {
                        text = text.with(lang, s);
                    }
                }
                self.warn_missing_languages(&text, path);
                Some(text)
            }
            other => {
                self.error(
                    path,
                    format!(
                        "expected text or an object of texts by language, found {}",
                        kind_of(other)
                    ),
                );
                None
            }
        }
    }

    fn text_in_default(&mut self, s: &str, path: &str) -> Text {
        let text = Text::new(nfc(s));
        self.warn_missing_languages(&text, path);
        text
    }

    fn warn_missing_languages(&mut self, text: &Text, path: &str) {
        let missing: Vec<String> = self.languages[1..]
            .iter()
            .filter(|l| !text.has(l))
            .cloned()
            .collect();
        for lang in missing {
            self.warn(
                path,
                format!(
                    "no \"{lang}\" text; the \"{}\" text is shown instead",
                    self.languages[0]
                ),
            );
        }
    }
}
