//! A question bound to a profile field (`"profile": FIELD`) must fit the field.

use super::display::echo;
use super::model::Kind;
use super::profile::{FieldKind, ProfileField};
use super::walk::{Walker, index, join};

/// `"profile": FIELD` binds a question of the field's type; a single or multi question offers
/// every code of the field, and may add only "don't know" / "not applicable" options (an
/// answer that never updates the profile). Reports each problem; true when bound well.
pub fn check_binding(w: &mut Walker, kind: &Kind, field: ProfileField, path: &str) -> bool {
    let wanted = field.kind();
    if kind.name() != wanted.name() {
        w.error(
            &join(path, "profile"),
            format!(
                "profile field \"{field}\" is a {} field, so it binds a {} question, not a {}",
                wanted.name(),
                wanted.name(),
                kind.name()
            ),
        );
        return false;
    }
    if !matches!(wanted, FieldKind::Single | FieldKind::Multi) {
        return true;
    }
    let options = kind.options();
    let mut ok = true;
    for code in field.codes() {
        match options.iter().find(|o| o.value == code.value) {
            None => {
                w.error(
                    &join(path, "options"),
                    format!(
                        "profile field \"{field}\" has the code \"{}\" ({}); offer it as an option value",
                        code.value, code.vi
                    ),
                );
                ok = false;
            }
            Some(o) if code.exclusive && !o.exclusive => {
                w.error(
                    &join(path, "options"),
                    format!("option \"{}\" must be \"exclusive\": no other code of \"{field}\" goes with it", code.value),
                );
                ok = false;
            }
            Some(_) => {}
        }
    }
    for (i, o) in options.iter().enumerate() {
        if field.code(&o.value).is_none() && !o.dont_know && !o.not_applicable {
            w.error(
                &join(&index(&join(path, "options"), i), "value"),
                format!(
                    "\"{}\" is not a code of profile field \"{field}\"; an extra option must be \"dont_know\": true or \"score\": null",
                    echo(&o.value)
                ),
            );
            ok = false;
        }
    }
    ok
}
