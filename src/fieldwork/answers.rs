//! Answers as the rules read them: stored answers read against their pinned definition (the
//! one conversion every screen, command and sheet uses), and text a trainer typed turned into
//! an answer (the one parser the entry screen and the command line share).

use std::borrow::Cow;

use serde_json::Value;

use super::Pinned;
use super::definitions::QuestionNumbers;
use crate::store::{StoredAnswers, StoredValue};
use crate::survey::model::Kind;
use crate::survey::{Answer, Answers, Question, Scorecard, Survey, score_with};

/// A stored answer that the definition it was recorded against does not take: left out of
/// scoring, kept in the store, and exported as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub question: String,
    pub why: String,
    /// The stored value, when its bytes could be read at all.
    pub stored: Option<Value>,
}

/// A response's stored answers read against its definition, by question position.
#[derive(Debug, Clone)]
pub struct Read<'p> {
    pub answers: Vec<Option<Cow<'p, Answer>>>,
    pub unreadable: Vec<Unreadable>,
}

impl Read<'_> {
    /// The answer to question `i` (by position in the survey).
    pub fn get(&self, i: usize) -> Option<&Answer> {
        self.answers.get(i)?.as_deref()
    }

    /// The answers keyed by question id, for callers that edit them.
    pub fn to_map(&self, survey: &Survey) -> Answers {
        survey
            .questions
            .iter()
            .zip(&self.answers)
            .filter_map(|(q, a)| Some((q.id.clone(), a.as_deref()?.clone())))
            .collect()
    }
}

impl Pinned {
    /// Reads stored answers: each must be an answer the definition takes (what the store
    /// kept was checked when it was saved; a definition changed since, or a damaged record,
    /// makes it unreadable). The commonest answer, a plain option value, costs no allocation:
    /// this runs millions of times when a whole database is read.
    pub fn read(&self, stored: &StoredAnswers) -> Read<'_> {
        self.read_numbered(stored, &QuestionNumbers::default())
    }

    /// Like [`Pinned::read`], finding each question by the number `numbers` gives it (made for
    /// the store `stored` comes from) rather than by comparing its id: for a whole scan.
    pub fn read_numbered(&self, stored: &StoredAnswers, numbers: &QuestionNumbers) -> Read<'_> {
        let mut position = self.index.cursor();
        let mut read = Read {
            answers: vec![None; self.survey.questions.len()],
            unreadable: Vec::new(),
        };
        for (number, id, value) in stored.numbered_values() {
            let refuse = |why: String, stored: Option<Value>| Unreadable {
                question: id.to_owned(),
                why,
                stored,
            };
            let Some(i) = number
                .and_then(|n| numbers.position(n))
                .or_else(|| position(id))
            else {
                let why = format!(
                    "survey {} {} has no question {id}",
                    self.survey.id, self.survey.version
                );
                read.unreadable
                    .push(refuse(why, value.ok().and_then(|v| v.to_value().ok())));
                continue;
            };
            match value
                .map_err(|why| (why, None))
                .and_then(|v| self.answer(i, v))
            {
                Ok(answer) => read.answers[i] = Some(answer),
                Err((why, stored)) => read.unreadable.push(refuse(why, stored)),
            }
        }
        read
    }

    fn answer(
        &self,
        i: usize,
        value: StoredValue<'_>,
    ) -> Result<Cow<'_, Answer>, (String, Option<Value>)> {
        if let StoredValue::Plain(s) = value
            && let Some(ready) = self.choice(i, s)
        {
            return Ok(Cow::Borrowed(ready));
        }
        let value = value.to_value().map_err(|why| (why, None))?;
        self.survey.questions[i]
            .parse_answer(&value)
            .map(Cow::Owned)
            .map_err(|why| (why, Some(value)))
    }

    /// The scorecard of read answers.
    pub fn score(&self, read: &Read) -> Scorecard {
        score_with(&self.survey, |i| read.get(i))
    }
}

/// Text a trainer typed as the answer to `q`, as the canonical JSON the store keeps; `None`
/// (empty text) clears the answer. JSON is taken as it is; "na" (any case) where the question
/// allows it; a multi answer as values separated by `;`; numbers with a decimal comma or
/// point; dates as people write them (26/8/2024, 26/8/24, 2024-08-26).
pub fn typed(q: &Question, text: &str) -> Result<Option<Value>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let value = value_of(q, text);
    q.parse_answer(&value).map(|a| Some(a.to_json()))
}

fn value_of(q: &Question, text: &str) -> Value {
    if text.starts_with(['[', '"'])
        && let Ok(v) = serde_json::from_str::<Value>(text)
    {
        return v;
    }
    if q.kind.allows_na() && text.eq_ignore_ascii_case("na") {
        return Value::String("na".into());
    }
    match &q.kind {
        Kind::Multi { .. } => Value::Array(
            text.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.into()))
                .collect(),
        ),
        Kind::Number(_) | Kind::Scale { .. } => text
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(text.into()), Value::Number),
        Kind::Date => crate::survey::text::parse_date_typed(text)
            .map_or_else(|| text.into(), |d| d.format("%Y-%m-%d").to_string().into()),
        _ => Value::String(text.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Catalog;
    use serde_json::json;

    fn sxsh() -> Survey {
        Catalog::bundled().get("sxsh", Some("1.0")).unwrap().clone()
    }

    #[test]
    fn typed_text_becomes_the_canonical_value() {
        let survey = sxsh();
        let q = |id| survey.question(id).unwrap();
        assert_eq!(typed(q("A1"), " trained "), Ok(Some(json!("trained"))));
        assert_eq!(typed(q("A1"), ""), Ok(None));
        assert_eq!(
            typed(q("B5"), "leaks; cover"),
            Ok(Some(json!(["cover", "leaks"])))
        );
        assert_eq!(typed(q("B5"), r#"["cover"]"#), Ok(Some(json!(["cover"]))));
        assert!(typed(q("A1"), "no such option").is_err());
    }

    /// The short cut for plain option values reads exactly what the core's parser reads, and
    /// what the definition does not take is reported with its stored value.
    #[test]
    fn reading_stored_answers_gives_what_the_parser_gives() {
        use crate::store::{Establishment, EstablishmentKind, Response, Session, Store};
        let store = Store::with_backend(
            redb::backends::InMemoryBackend::new(),
            std::path::Path::new("mem"),
        )
        .unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let s = store.create_session(Session::new("s", date)).unwrap();
        let e = store
            .add_establishment(Establishment::new("e", EstablishmentKind::HopTacXa))
            .unwrap();
        for entry in Catalog::bundled().entries() {
            let survey = &entry.survey;
            store
                .pin_survey(&survey.id, &survey.version, &entry.source)
                .unwrap();
            let r = Response::new(&survey.id, &survey.version, e.id, s.id, "t");
            store.create_response(&r).unwrap();
            // Made before most question ids have a number: those are found by id.
            let early = QuestionNumbers::new(&store, survey);
            let mut expected = Answers::new();
            for (n, q) in survey.questions.iter().enumerate() {
                let value = match &q.kind {
                    Kind::Single { options } => json!(options[n % options.len()].value),
                    Kind::Multi { options, .. } => json!([options[0].value]),
                    Kind::YesNo { .. } => json!(if n % 2 == 0 { "yes" } else { "no" }),
                    _ => continue,
                };
                expected.insert(q.id.clone(), q.parse_answer(&value).unwrap());
                store.set_answer(r.id, &q.id, Some(value), None).unwrap();
            }
            let first = survey.questions[0].id.clone();
            expected.remove(&first);
            store
                .set_answer(r.id, &first, Some(json!("no such option")), None)
                .unwrap();
            store.set_answer(r.id, "ZZ", Some(json!(1)), None).unwrap();
            let pinned = Pinned::new(survey.clone());
            let stored = store.stored_answers(r.id).unwrap();
            let read = pinned.read(&stored);
            assert_eq!(read.to_map(survey), expected);
            // By number, as a scan reads: the same answers, the same refusals.
            let numbers = QuestionNumbers::new(&store, survey);
            for numbered in [
                pinned.read_numbered(&stored, &numbers),
                pinned.read_numbered(&stored, &early),
            ] {
                assert_eq!(numbered.to_map(survey), expected);
                assert_eq!(numbered.unreadable, read.unreadable);
            }
            let refused: Vec<(&str, Option<&Value>)> = read
                .unreadable
                .iter()
                .map(|u| (u.question.as_str(), u.stored.as_ref()))
                .collect();
            assert_eq!(
                refused,
                [
                    (first.as_str(), Some(&json!("no such option"))),
                    ("ZZ", Some(&json!(1)))
                ]
            );
            assert_eq!(pinned.score(&read), crate::survey::score(survey, &expected));
        }
    }

    #[test]
    fn not_applicable_is_any_case_where_allowed() {
        let json = r#"{"format": 1, "id": "t", "version": "1", "languages": ["vi"],
          "title": "T", "dimensions": [{"id": "X", "title": "X"}],
          "levels": [{"min": 0, "label": "L"}],
          "questions": [
            {"id": "N", "type": "number", "min": 0, "max": 500, "allow_na": true, "dimension": "X",
             "bands": [{"min": 0, "score": 0}, {"min": 10, "score": 1}], "text": "Số?"},
            {"id": "D", "type": "date", "text": "Ngày?"}]}"#;
        let survey = crate::survey::load_survey("t.json", json.as_bytes())
            .unwrap()
            .survey;
        let n = survey.question("N").unwrap();
        for na in ["na", "NA", "Na"] {
            assert_eq!(typed(n, na), Ok(Some(json!("na"))));
        }
        assert_eq!(typed(n, "1,5"), Ok(Some(json!(1.5))));
        let d = survey.question("D").unwrap();
        assert_eq!(typed(d, "15/03/2010"), Ok(Some(json!("2010-03-15"))));
        assert_eq!(typed(d, "2010-03-15"), Ok(Some(json!("2010-03-15"))));
        assert!(typed(d, "15.03").is_err());
    }
}
