//! The digit keys of the entry screen, shared by the screen and the paper
//! form, so that keying a paper form is a matter of reading numbers.

use super::strings::{self, Lang};
use crate::survey::Question;
use crate::survey::model::Kind;

/// One answer a trainer picks with a key: `key` is what to type.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedChoice {
    /// "1", "2", …; a scale's own digit ("0"–"9"); "n" for not applicable on a scale.
    pub key: String,
    /// The answer as stored: an option value, "yes"/"no", "na", or a scale point.
    pub value: String,
    pub label: String,
}

/// The keyed answers of a question, in the order the keys run, exactly as
/// the entry screen (`tui::entry`) takes them: option i of a single or multi
/// question is key i, 1-based in definition order (past 9 the screen picks by
/// highlight, and paper goes on counting); yes/no is 1 = yes, 2 = no, 3 = not
/// applicable where allowed; a scale within 0–9 is keyed by its own digits,
/// with "n" for not applicable. Questions answered by typing (number, text,
/// date, a scale past one digit) and notes have no keys.
pub fn entry_keys(question: &Question, lang: Lang) -> Vec<KeyedChoice> {
    let keyed = |key: String, value: String, label: String| KeyedChoice { key, value, label };
    let na = || strings::not_applicable(lang).to_owned();
    match &question.kind {
        Kind::Single { options } | Kind::Multi { options, .. } => options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                keyed(
                    (i + 1).to_string(),
                    o.value.clone(),
                    o.label.get(lang.code()).to_owned(),
                )
            })
            .collect(),
        Kind::YesNo { allow_na } => {
            let mut keys = vec![
                keyed("1".into(), "yes".into(), strings::yes(lang).into()),
                keyed("2".into(), "no".into(), strings::no(lang).into()),
            ];
            if *allow_na {
                keys.push(keyed("3".into(), "na".into(), na()));
            }
            keys
        }
        Kind::Scale {
            min,
            max,
            labels,
            allow_na,
        } if *min >= 0 && *max <= 9 => {
            let mut keys: Vec<KeyedChoice> = (*min..=*max)
                .map(|v| {
                    let label = labels.get(&v).map(|t| t.get(lang.code()).to_owned());
                    keyed(
                        v.to_string(),
                        v.to_string(),
                        label.unwrap_or_else(|| v.to_string()),
                    )
                })
                .collect();
            if *allow_na {
                keys.push(keyed("n".into(), "na".into(), na()));
            }
            keys
        }
        _ => Vec::new(),
    }
}

/// The answer value a key stands for, as the entry screen reads a keypress.
pub fn value_for_key(question: &Question, key: &str) -> Option<String> {
    entry_keys(question, Lang::default())
        .into_iter()
        .find(|k| k.key == key)
        .map(|k| k.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Catalog;

    #[test]
    fn option_i_is_key_i_in_definition_order() {
        let catalog = Catalog::bundled();
        for entry in catalog.entries() {
            for q in &entry.survey.questions {
                let keys = entry_keys(q, Lang::Vi);
                for (i, option) in q.kind.options().iter().enumerate() {
                    let key = (i + 1).to_string();
                    assert_eq!(keys[i].key, key, "{} {}", entry.survey.id, q.id);
                    assert_eq!(keys[i].value, option.value);
                    assert_eq!(value_for_key(q, &key).as_deref(), Some(&*option.value));
                }
            }
        }
    }

    #[test]
    fn yes_is_one_and_no_is_two() {
        let catalog = Catalog::bundled();
        let sxsh = catalog.get("sxsh", Some("1.0")).unwrap();
        let c0 = sxsh.question("C0").unwrap();
        let keys = entry_keys(c0, Lang::En);
        assert_eq!(
            keys.iter()
                .map(|k| (k.key.as_str(), k.value.as_str(), k.label.as_str()))
                .collect::<Vec<_>>(),
            [("1", "yes", "Yes"), ("2", "no", "No")]
        );
        assert_eq!(value_for_key(c0, "3"), None);
    }

    fn scale(min: i64, max: i64) -> Question {
        let survey = crate::survey::load_survey(
            "scale.json",
            serde_json::json!({
                "format": 1, "id": "t", "version": "1", "languages": ["vi"], "title": "T",
                "dimensions": [{"id": "A", "title": "A"}],
                "levels": [{"min": 0, "label": "L"}],
                "questions": [{"id": "S", "type": "scale", "dimension": "A", "min": min, "max": max,
                               "allow_na": true, "text": "S"}]
            })
            .to_string()
            .as_bytes(),
        )
        .unwrap()
        .survey;
        survey.questions[0].clone()
    }

    #[test]
    fn a_scale_is_keyed_by_its_own_digits_like_the_entry_screen() {
        let q = scale(0, 4);
        let keys: Vec<String> = entry_keys(&q, Lang::En)
            .into_iter()
            .map(|k| k.key)
            .collect();
        assert_eq!(keys, ["0", "1", "2", "3", "4", "n"]);
        assert_eq!(value_for_key(&q, "0").as_deref(), Some("0"));
        assert_eq!(value_for_key(&q, "n").as_deref(), Some("na"));
        assert!(
            entry_keys(&scale(1, 10), Lang::En).is_empty(),
            "typed past one digit"
        );
    }

    #[test]
    fn every_keyed_value_is_a_valid_answer() {
        let catalog = Catalog::bundled();
        for entry in catalog.entries() {
            for q in &entry.survey.questions {
                for k in entry_keys(q, Lang::Vi) {
                    let value = match &q.kind {
                        Kind::Multi { .. } => serde_json::json!([k.value]),
                        Kind::Scale { .. } if k.value == "na" => serde_json::json!("na"),
                        Kind::Scale { .. } => serde_json::json!(k.value.parse::<i64>().unwrap()),
                        _ => serde_json::json!(k.value),
                    };
                    assert!(q.parse_answer(&value).is_ok(), "{} {}", q.id, k.value);
                }
            }
        }
    }
}
