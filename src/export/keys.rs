//! The digit keys of the entry screen, shared by the screen and the paper
//! form, so that keying a paper form is a matter of reading numbers.

use super::strings::{self, Lang};
use crate::survey::Question;
use crate::survey::model::Kind;

/// One answer a trainer picks with a key: `key` is what to type.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedChoice {
    /// 1-based.
    pub key: usize,
    /// The answer as stored: an option value, "yes"/"no", "na", or a scale point.
    pub value: String,
    pub label: String,
}

/// The keyed answers of a question, in the order the keys run. Option i of a
/// single or multi question is key i, 1-based in definition order; yes/no is
/// 1 = yes, 2 = no; a scale's points from min to max are 1, 2, …; "not
/// applicable", where allowed, comes last. Questions answered by typing
/// (number, text, date) and notes have no keys.
pub fn entry_keys(question: &Question, lang: Lang) -> Vec<KeyedChoice> {
    let mut pairs: Vec<(String, String)> = match &question.kind {
        Kind::Single { options } | Kind::Multi { options, .. } => options
            .iter()
            .map(|o| (o.value.clone(), o.label.get(lang.code()).to_owned()))
            .collect(),
        Kind::YesNo { .. } => vec![
            ("yes".into(), strings::yes(lang).into()),
            ("no".into(), strings::no(lang).into()),
        ],
        Kind::Scale {
            min, max, labels, ..
        } => (*min..=*max)
            .map(|v| {
                let label = labels.get(&v).map(|t| t.get(lang.code()).to_owned());
                (v.to_string(), label.unwrap_or_else(|| v.to_string()))
            })
            .collect(),
        Kind::Number(_) | Kind::Text { .. } | Kind::Date | Kind::Note => return Vec::new(),
    };
    if question.kind.allows_na() {
        pairs.push(("na".into(), strings::not_applicable(lang).into()));
    }
    pairs
        .into_iter()
        .enumerate()
        .map(|(i, (value, label))| KeyedChoice {
            key: i + 1,
            value,
            label,
        })
        .collect()
}

/// The answer value a key stands for, as the entry screen reads a keypress.
pub fn value_for_key(question: &Question, key: usize) -> Option<String> {
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
                    assert_eq!(keys[i].key, i + 1, "{} {}", entry.survey.id, q.id);
                    assert_eq!(keys[i].value, option.value);
                    assert_eq!(value_for_key(q, i + 1).as_deref(), Some(&*option.value));
                }
            }
        }
    }

    #[test]
    fn yes_is_one_and_no_is_two() {
        let catalog = Catalog::bundled();
        let sxsh = catalog.get("sxsh", None).unwrap();
        let c0 = sxsh.question("C0").unwrap();
        let keys = entry_keys(c0, Lang::En);
        assert_eq!(
            keys.iter()
                .map(|k| (k.key, k.value.as_str(), k.label.as_str()))
                .collect::<Vec<_>>(),
            [(1, "yes", "Yes"), (2, "no", "No")]
        );
        assert_eq!(value_for_key(c0, 3), None);
    }

    #[test]
    fn every_keyed_value_is_a_valid_answer() {
        let catalog = Catalog::bundled();
        for entry in catalog.entries() {
            for q in &entry.survey.questions {
                for k in entry_keys(q, Lang::Vi) {
                    let value = match &q.kind {
                        Kind::Multi { .. } => serde_json::json!([k.value]),
                        Kind::Scale { .. } if k.value != "na" => {
                            serde_json::json!(k.value.parse::<i64>().unwrap())
                        }
                        _ => serde_json::json!(k.value),
                    };
                    assert!(q.parse_answer(&value).is_ok(), "{} {}", q.id, k.value);
                }
            }
        }
    }
}
