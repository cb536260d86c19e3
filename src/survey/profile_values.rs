//! One establishment's profile: the value of each field of `profile::ProfileField`, unknown
//! until asked. Values go in and out as the canonical JSON of an answer to a question bound
//! to the field (`"code"`, `["a", "b"]`, `"yes"`/`"no"`, text), so a survey answer and the
//! establishment's record say the same thing the same way.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::profile::{EstablishmentKind, FieldKind, ProfileField};
use super::text::{Lang, fold, nfc};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EstablishmentKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workforce: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocop: Option<String>,
    /// Empty: not known; `["none"]`: none held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub craft_village: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub woman_owner: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnic_minority_owner: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artisan: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
}

impl Profile {
    /// The field's value as an answer's JSON; `None` when not known.
    pub fn get(&self, field: ProfileField) -> Option<Value> {
        let text = |v: &Option<String>| v.clone().map(Value::String);
        let yes_no =
            |v: &Option<bool>| v.map(|b| Value::String(if b { "yes" } else { "no" }.into()));
        match field {
            ProfileField::Kind => self.kind.map(|k| Value::String(k.code().into())),
            ProfileField::Industry => text(&self.industry),
            ProfileField::Workforce => text(&self.workforce),
            ProfileField::Revenue => text(&self.revenue),
            ProfileField::Ocop => text(&self.ocop),
            ProfileField::Certifications => (!self.certifications.is_empty()).then(|| {
                Value::Array(
                    self.certifications
                        .iter()
                        .cloned()
                        .map(Value::String)
                        .collect(),
                )
            }),
            ProfileField::CraftVillage => yes_no(&self.craft_village),
            ProfileField::WomanOwner => yes_no(&self.woman_owner),
            ProfileField::EthnicMinorityOwner => yes_no(&self.ethnic_minority_owner),
            ProfileField::Artisan => yes_no(&self.artisan),
            ProfileField::Registration => text(&self.registration),
        }
    }

    /// Sets the field from an answer's JSON (`None` forgets it). A value the field does not
    /// take is refused, saying what it takes.
    pub fn set(&mut self, field: ProfileField, value: Option<&Value>) -> Result<(), String> {
        let Some(value) = value else {
            self.clear(field);
            return Ok(());
        };
        match field.kind() {
            FieldKind::Single => {
                let code = single(field, value)?;
                match field {
                    ProfileField::Kind => self.kind = EstablishmentKind::from_code(&code),
                    ProfileField::Industry => self.industry = Some(code),
                    ProfileField::Workforce => self.workforce = Some(code),
                    ProfileField::Revenue => self.revenue = Some(code),
                    _ => self.ocop = Some(code),
                }
            }
            FieldKind::Multi => self.certifications = multi(field, value)?,
            FieldKind::YesNo => {
                let yes = match value.as_str() {
                    Some("yes") => true,
                    Some("no") => false,
                    _ => {
                        return Err(format!(
                            "{field}: expected \"yes\" or \"no\", found {value}"
                        ));
                    }
                };
                *self.flag(field) = Some(yes);
            }
            FieldKind::Text => {
                let text = value
                    .as_str()
                    .map(|s| nfc(s.trim()))
                    .ok_or_else(|| format!("{field}: expected text, found {value}"))?;
                self.registration = (!text.is_empty()).then_some(text);
            }
        }
        Ok(())
    }

    fn clear(&mut self, field: ProfileField) {
        match field {
            ProfileField::Kind => self.kind = None,
            ProfileField::Industry => self.industry = None,
            ProfileField::Workforce => self.workforce = None,
            ProfileField::Revenue => self.revenue = None,
            ProfileField::Ocop => self.ocop = None,
            ProfileField::Certifications => self.certifications.clear(),
            ProfileField::Registration => self.registration = None,
            yes_no => *self.flag(yes_no) = None,
        }
    }

    fn flag(&mut self, field: ProfileField) -> &mut Option<bool> {
        match field {
            ProfileField::CraftVillage => &mut self.craft_village,
            ProfileField::WomanOwner => &mut self.woman_owner,
            ProfileField::EthnicMinorityOwner => &mut self.ethnic_minority_owner,
            _ => &mut self.artisan,
        }
    }

    /// The field's value as people read it, in `lang`; empty when not known.
    pub fn text(&self, field: ProfileField, lang: Lang) -> String {
        match self.get(field) {
            None => String::new(),
            Some(Value::String(s)) if field.kind() == FieldKind::YesNo => {
                let yes = s == "yes";
                lang.pick(
                    if yes { "có" } else { "không" },
                    if yes { "yes" } else { "no" },
                )
                .to_owned()
            }
            Some(Value::String(s)) => field.label(&s, lang).map_or(s.clone(), str::to_owned),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(|c| field.label(c, lang).unwrap_or(c))
                .collect::<Vec<_>>()
                .join("; "),
            Some(other) => other.to_string(),
        }
    }
}

/// What people write for a field (on the command line, in a spreadsheet cell) as the
/// answer's JSON: a code or a label in either language, with or without diacritics; for a
/// yes/no field yes/no/có/không/c/k/x/1/0; several certifications separated by `;` or `,`.
/// Empty text: `None`.
pub fn parse(field: ProfileField, text: &str) -> Result<Option<Value>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let value = match field.kind() {
        FieldKind::Single => Value::String(code_of(field, text)?),
        FieldKind::Multi => Value::Array(
            text.split([';', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| code_of(field, s).map(Value::String))
                .collect::<Result<_, _>>()?,
        ),
        FieldKind::YesNo => match fold(text).as_str() {
            "yes" | "y" | "co" | "c" | "x" | "1" | "true" => Value::String("yes".into()),
            "no" | "n" | "khong" | "k" | "0" | "false" => Value::String("no".into()),
            _ => {
                return Err(format!(
                    "{field}: {text:?} is not yes or no; write có or không"
                ));
            }
        },
        FieldKind::Text => Value::String(nfc(text)),
    };
    // Checked as a stored value would be, so both paths refuse the same things.
    Profile::default().set(field, Some(&value))?;
    Ok(Some(value))
}

/// The code `text` names: the code itself, or a label, folded.
fn code_of(field: ProfileField, text: &str) -> Result<String, String> {
    let key = fold(text).replace(['_', '-'], " ");
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    let matches = |c: &&super::profile::ProfileCode| {
        fold(c.value).replace('_', " ") == key || fold(c.vi) == key || fold(c.en) == key
    };
    field
        .codes()
        .iter()
        .find(matches)
        .map(|c| c.value.to_owned())
        .ok_or_else(|| {
            let codes: Vec<&str> = field.codes().iter().map(|c| c.value).collect();
            format!(
                "{field}: {text:?} is not known; use one of {}",
                codes.join(", ")
            )
        })
}

fn single(field: ProfileField, value: &Value) -> Result<String, String> {
    let code = value
        .as_str()
        .ok_or_else(|| format!("{field}: expected a code, found {value}"))?;
    field
        .code(code)
        .map(|c| c.value.to_owned())
        .ok_or_else(|| code_of(field, code).unwrap_err())
}

fn multi(field: ProfileField, value: &Value) -> Result<Vec<String>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("{field}: expected a list of codes, found {value}"))?;
    let mut codes = Vec::new();
    for item in items {
        let code = single(field, item)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let exclusive = codes
        .iter()
        .find(|c| field.code(c).is_some_and(|c| c.exclusive));
    if let (Some(alone), true) = (exclusive, codes.len() > 1) {
        return Err(format!(
            "{field}: {alone:?} stands alone; leave out the others"
        ));
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_goes_in_and_comes_out_as_the_answer_says_it() {
        let mut p = Profile::default();
        for field in ProfileField::ALL {
            assert_eq!(p.get(field), None, "{field} unknown at first");
        }
        p.set(ProfileField::Kind, Some(&json!("hop_tac_xa")))
            .unwrap();
        p.set(
            ProfileField::Certifications,
            Some(&json!(["vietgap", "organic"])),
        )
        .unwrap();
        p.set(ProfileField::WomanOwner, Some(&json!("yes")))
            .unwrap();
        p.set(ProfileField::Registration, Some(&json!(" 4600123456 ")))
            .unwrap();
        assert_eq!(p.kind, Some(EstablishmentKind::HopTacXa));
        assert_eq!(p.get(ProfileField::Kind), Some(json!("hop_tac_xa")));
        assert_eq!(
            p.get(ProfileField::Certifications),
            Some(json!(["vietgap", "organic"]))
        );
        assert_eq!(p.get(ProfileField::WomanOwner), Some(json!("yes")));
        assert_eq!(p.get(ProfileField::Registration), Some(json!("4600123456")));
        assert_eq!(p.text(ProfileField::WomanOwner, Lang::Vi), "có");
        assert_eq!(p.text(ProfileField::Kind, Lang::En), "cooperative");
        p.set(ProfileField::WomanOwner, None).unwrap();
        assert_eq!(p.woman_owner, None);
    }

    #[test]
    fn what_a_field_does_not_take_is_refused() {
        let mut p = Profile::default();
        assert!(
            p.set(ProfileField::Industry, Some(&json!("plastics")))
                .is_err()
        );
        assert!(p.set(ProfileField::Artisan, Some(&json!("maybe"))).is_err());
        let err = p
            .set(ProfileField::Certifications, Some(&json!(["none", "iso"])))
            .unwrap_err();
        assert!(err.contains("stands alone"), "{err}");
        assert_eq!(p, Profile::default(), "nothing changed");
    }

    #[test]
    fn people_write_codes_or_labels_with_or_without_diacritics() {
        assert_eq!(
            parse(ProfileField::Kind, "Hợp tác xã"),
            Ok(Some(json!("hop_tac_xa")))
        );
        assert_eq!(
            parse(ProfileField::Kind, "hop tac xa"),
            Ok(Some(json!("hop_tac_xa")))
        );
        assert_eq!(
            parse(ProfileField::WomanOwner, "Có"),
            Ok(Some(json!("yes")))
        );
        assert_eq!(parse(ProfileField::Artisan, "không"), Ok(Some(json!("no"))));
        assert_eq!(
            parse(ProfileField::Certifications, "VietGAP; iso"),
            Ok(Some(json!(["vietgap", "iso"])))
        );
        assert_eq!(parse(ProfileField::Industry, ""), Ok(None));
        assert!(parse(ProfileField::Industry, "nhựa").is_err());
    }

    #[test]
    fn every_field_sits_at_its_own_place_in_all() {
        // The command line finds a field by its number.
        for field in ProfileField::ALL {
            assert_eq!(ProfileField::ALL[field as usize], field);
        }
    }

    #[test]
    fn old_records_with_only_a_kind_still_read() {
        let p: Profile = serde_json::from_value(json!({"kind": "ho_kinh_doanh"})).unwrap();
        assert_eq!(p.kind, Some(EstablishmentKind::HoKinhDoanh));
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({"kind": "ho_kinh_doanh"})
        );
    }
}
