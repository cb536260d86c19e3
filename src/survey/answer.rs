//! One answer to one question, checked against the question it answers.
//! In JSON (responses files, the store, exports) an answer is a string, a list
//! of strings (multi), a number, or "na" (not applicable, where allowed).

use std::collections::BTreeMap;

use serde_json::Value;

use chrono::Datelike;

use super::display::DATE_YEARS;
use super::model::{Kind, NumberRule, Question};
use super::text::nfc;

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A `single` option value, or "yes"/"no".
    Choice(String),
    /// The option values chosen in a `multi` question, in the order of the options.
    Choices(Vec<String>),
    Number(f64),
    /// Free text, or a date written YYYY-MM-DD.
    Text(String),
    NotApplicable,
}

/// Answers of one response, keyed by question id.
pub type Answers = BTreeMap<String, Answer>;

impl Answer {
    pub fn to_json(&self) -> Value {
        match self {
            Answer::Choice(s) | Answer::Text(s) => Value::String(s.clone()),
            Answer::Choices(v) => Value::Array(v.iter().cloned().map(Value::String).collect()),
            Answer::Number(n) => {
                serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number)
            }
            Answer::NotApplicable => Value::String("na".into()),
        }
    }

    /// The answer as one spreadsheet cell or command-line value: multi joined with ';'.
    pub fn to_plain(&self) -> String {
        match self {
            Answer::Choice(s) | Answer::Text(s) => s.clone(),
            Answer::Choices(v) => v.join(";"),
            Answer::Number(n) => format_number(*n),
            Answer::NotApplicable => "na".into(),
        }
    }
}

/// Numbers as people write them: no trailing ".0" on whole numbers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl Question {
    /// Check `value` as an answer to this question. The error says what is
    /// wrong and what the question expects.
    pub fn parse_answer(&self, value: &Value) -> Result<Answer, String> {
        if self.kind.allows_na() && value.as_str() == Some("na") {
            return Ok(Answer::NotApplicable);
        }
        match &self.kind {
            Kind::Single { .. } => self.parse_single(value),
            Kind::Multi { .. } => self.parse_multi(value),
            Kind::Scale { min, max, .. } => parse_scale(value, *min, *max),
            Kind::YesNo { .. } => match value.as_str() {
                Some("yes") | Some("no") => {
                    Ok(Answer::Choice(value.as_str().unwrap_or_default().into()))
                }
                _ => Err(format!(
                    "expected \"yes\" or \"no\"{}, found {}",
                    na_hint(self),
                    show(value)
                )),
            },
            Kind::Number(rule) => parse_number(value, rule, self),
            Kind::Text {
                max_length,
                constraint_message,
            } => {
                let Some(s) = value.as_str() else {
                    return Err(format!("expected text, found {}", show(value)));
                };
                let s = nfc(s);
                match max_length {
                    Some(max) if s.chars().count() > *max => Err(constraint_message
                        .as_ref()
                        .map(|m| m.default_text().to_owned())
                        .unwrap_or_else(|| format!("text longer than {max} characters"))),
                    _ => Ok(Answer::Text(s)),
                }
            }
            Kind::Date => parse_date(value),
            Kind::Note => Err("a note is shown to the trainer and takes no answer".into()),
        }
    }

    fn parse_single(&self, value: &Value) -> Result<Answer, String> {
        let Some(s) = value.as_str() else {
            return Err(format!(
                "expected one option value ({}), found {}",
                self.option_list(),
                show(value)
            ));
        };
        let s = nfc(s);
        match self.option(&s) {
            Some(_) => Ok(Answer::Choice(s)),
            None => Err(format!(
                "no option \"{s}\"; expected one of {}",
                self.option_list()
            )),
        }
    }

    fn parse_multi(&self, value: &Value) -> Result<Answer, String> {
        let Some(items) = value.as_array().filter(|items| !items.is_empty()) else {
            if value.as_array().is_some() {
                return Err("no option chosen; leave the question unanswered instead".into());
            }
            return Err(format!(
                "expected a list of option values ({}), found {}",
                self.option_list(),
                show(value)
            ));
        };
        let mut chosen = Vec::new();
        for item in items {
            let Some(s) = item.as_str() else {
                return Err(format!(
                    "expected option values as text, found {}",
                    show(item)
                ));
            };
            let s = nfc(s);
            if self.option(&s).is_none() {
                return Err(format!(
                    "no option \"{s}\"; expected some of {}",
                    self.option_list()
                ));
            }
            if !chosen.contains(&s) {
                chosen.push(s);
            }
        }
        if chosen.len() > 1
            && let Some(alone) = chosen
                .iter()
                .find(|v| self.option(v).is_some_and(|o| o.stands_alone()))
        {
            return Err(format!(
                "exclusive option combined: \"{alone}\" ({}) excludes every other option of {}; choose it alone",
                self.option(alone).map_or("", |o| o.label.default_text()),
                self.id
            ));
        }
        let options = self.kind.options();
        chosen.sort_by_key(|v| options.iter().position(|o| &o.value == v));
        Ok(Answer::Choices(chosen))
    }

    /// The options chosen in a multi after the trainer toggles `value`: off if it was on;
    /// on otherwise, alone if it stands alone ("none", "don't know", "not applicable"), and
    /// clearing any that stands alone if it does not.
    pub fn toggled(&self, chosen: &[String], value: &str) -> Vec<String> {
        if chosen.iter().any(|v| v == value) {
            return chosen.iter().filter(|v| *v != value).cloned().collect();
        }
        if self.option(value).is_some_and(|o| o.stands_alone()) {
            return vec![value.to_owned()];
        }
        let mut kept: Vec<String> = chosen
            .iter()
            .filter(|v| self.option(v).is_some_and(|o| !o.stands_alone()))
            .cloned()
            .collect();
        kept.push(value.to_owned());
        kept
    }

    fn option_list(&self) -> String {
        self.kind
            .options()
            .iter()
            .map(|o| format!("\"{}\"", o.value))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Dates are written YYYY-MM-DD, within `display::DATE_YEARS`.
fn parse_date(value: &Value) -> Result<Answer, String> {
    let date = value
        .as_str()
        .filter(|s| s.len() == 10)
        .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    match date {
        Some(d) if DATE_YEARS.contains(&d.year()) => {
            Ok(Answer::Text(d.format("%Y-%m-%d").to_string()))
        }
        Some(d) => Err(format!(
            "{} is not a likely date: the year must be from {} to {}",
            d.format("%Y-%m-%d"),
            DATE_YEARS.start(),
            DATE_YEARS.end()
        )),
        None => Err(format!(
            "expected a date written YYYY-MM-DD, found {}",
            show(value)
        )),
    }
}

fn parse_scale(value: &Value, min: i64, max: i64) -> Result<Answer, String> {
    match value.as_f64() {
        Some(v) if v.fract() == 0.0 && v >= min as f64 && v <= max as f64 => Ok(Answer::Number(v)),
        _ => Err(format!(
            "expected a whole number from {min} to {max}, found {}",
            show(value)
        )),
    }
}

fn parse_number(value: &Value, rule: &NumberRule, question: &Question) -> Result<Answer, String> {
    let Some(v) = value.as_f64().filter(|v| v.is_finite()) else {
        return Err(format!(
            "expected a number{}, found {}",
            na_hint(question),
            show(value)
        ));
    };
    let refused = (rule.integer && v.fract() != 0.0)
        || rule.min.is_some_and(|m| v < m)
        || rule.max.is_some_and(|m| v > m);
    if !refused {
        return Ok(Answer::Number(v));
    }
    Err(rule
        .constraint_message
        .as_ref()
        .map(|m| m.default_text().to_owned())
        .unwrap_or_else(|| {
            format!(
                "{} is not allowed: expected {}",
                format_number(v),
                number_bounds(rule)
            )
        }))
}

/// "a whole number from 0 to 500", built from the rule's bounds.
pub fn number_bounds(rule: &NumberRule) -> String {
    let what = if rule.integer {
        "a whole number"
    } else {
        "a number"
    };
    match (rule.min, rule.max) {
        (Some(lo), Some(hi)) => {
            format!("{what} from {} to {}", format_number(lo), format_number(hi))
        }
        (Some(lo), None) => format!("{what} of at least {}", format_number(lo)),
        (None, Some(hi)) => format!("{what} of at most {}", format_number(hi)),
        (None, None) => what.to_owned(),
    }
}

fn na_hint(question: &Question) -> &'static str {
    if question.kind.allows_na() {
        " (or \"na\")"
    } else {
        ""
    }
}

/// A JSON value shortened for an error message.
fn show(value: &Value) -> String {
    let s = value.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{definition, survey};
    use super::super::{Survey, load_survey};
    use super::*;

    /// The fixture's multi q2 (x, y, z, none exclusive) with a "don't know" and an N/A option.
    fn with_standalone_options() -> Survey {
        let mut def = definition();
        let options = def["questions"][2]["options"].as_array_mut().unwrap();
        options
            .push(json!({"value": "không_rõ", "label": "Không rõ", "score": 0, "dont_know": true}));
        options.push(json!({"value": "na", "label": "Không áp dụng", "score": null}));
        let bytes = serde_json::to_vec(&def).unwrap();
        load_survey("t.json", &bytes).unwrap().survey
    }

    #[test]
    fn dont_know_and_not_applicable_stand_alone_in_a_multi() {
        let s = with_standalone_options();
        let q2 = s.question("q2").unwrap();
        for alone in ["không_rõ", "na", "none"] {
            let err = q2.parse_answer(&json!(["y", alone, "x"])).unwrap_err();
            assert!(err.starts_with("exclusive option combined"), "{err}");
            assert!(err.contains(alone) && err.contains("q2"), "{err}");
            assert_eq!(
                q2.parse_answer(&json!([alone])),
                Ok(Answer::Choices(vec![alone.into()]))
            );
        }
        assert_eq!(
            q2.parse_answer(&json!(["z", "x"])),
            Ok(Answer::Choices(vec!["x".into(), "z".into()]))
        );
    }

    #[test]
    fn toggling_follows_the_standalone_rule() {
        let s = with_standalone_options();
        let q2 = s.question("q2").unwrap();
        let v = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(q2.toggled(&[], "x"), v(&["x"]));
        assert_eq!(q2.toggled(&v(&["x"]), "y"), v(&["x", "y"]));
        assert_eq!(q2.toggled(&v(&["x", "y"]), "x"), v(&["y"]));
        // Picking one that stands alone clears the others…
        assert_eq!(q2.toggled(&v(&["x", "y"]), "không_rõ"), v(&["không_rõ"]));
        assert_eq!(q2.toggled(&v(&["không_rõ"]), "na"), v(&["na"]));
        // …and picking another clears it.
        assert_eq!(q2.toggled(&v(&["không_rõ"]), "z"), v(&["z"]));
        assert_eq!(q2.toggled(&v(&["none"]), "z"), v(&["z"]));
        assert_eq!(q2.toggled(&v(&["na"]), "na"), v(&[]));
        // Whatever is toggled, the result is an answer parse_answer accepts.
        for start in [v(&[]), v(&["x", "y"]), v(&["none"]), v(&["na"])] {
            for o in q2.kind.options() {
                let next = q2.toggled(&start, &o.value);
                if !next.is_empty() {
                    assert!(
                        q2.parse_answer(&json!(next)).is_ok(),
                        "{start:?} + {}",
                        o.value
                    );
                }
            }
        }
    }

    #[test]
    fn dates_are_between_1900_and_2100() {
        let s = survey();
        let since = s.question("since").unwrap();
        assert_eq!(
            since.parse_answer(&json!("2024-08-26")),
            Ok(Answer::Text("2024-08-26".into()))
        );
        for (bad, why) in [
            ("0024-10-17", "year must be from 1900 to 2100"),
            ("2101-01-01", "year must be from 1900 to 2100"),
            ("1899-12-31", "year must be from 1900 to 2100"),
            ("24-10-17", "YYYY-MM-DD"),
            ("2024-02-30", "YYYY-MM-DD"),
        ] {
            let err = since.parse_answer(&json!(bad)).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
        assert!(since.parse_answer(&json!("1900-01-01")).is_ok());
        assert!(since.parse_answer(&json!("2100-12-31")).is_ok());
    }
}
