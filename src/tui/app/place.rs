//! Where the trainer was (workshop, establishment, survey, language), kept in the database's
//! settings, so the screens reopen there after a restart instead of five keys away.

use serde_json::{Value, json};
use uuid::Uuid;

use super::{App, Screen};
use crate::tui::strings::Lang;

/// The setting that holds the place.
pub const LEFT_AT: &str = "tui.left_at";

/// The place as the settings record holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub session: Option<Uuid>,
    pub establishment: Option<Uuid>,
    pub survey: Option<String>,
    pub lang: Lang,
}

impl Place {
    fn to_json(&self) -> String {
        json!({
            "session": self.session,
            "establishment": self.establishment,
            "survey": self.survey,
            "lang": self.lang.code(),
        })
        .to_string()
    }

    fn from_json(text: &str) -> Option<Place> {
        let v: Value = serde_json::from_str(text).ok()?;
        let id = |k: &str| v[k].as_str().and_then(|s| s.parse().ok());
        Some(Place {
            session: id("session"),
            establishment: id("establishment"),
            survey: v["survey"].as_str().map(str::to_owned),
            lang: v["lang"]
                .as_str()
                .and_then(|l| l.parse().ok())
                .unwrap_or(Lang::Vi),
        })
    }
}

/// Where the app is now.
pub(super) fn current(app: &App) -> Place {
    let in_session = app.screen != Screen::Sessions && app.screen != Screen::Welcome;
    let view = app.session.as_ref().filter(|_| in_session);
    Place {
        session: view.map(|v| v.session.id),
        establishment: view.and_then(|v| {
            v.shown
                .get(v.selected)
                .map(|&i| v.lines[i].establishment.id)
        }),
        survey: app.surveys.get(app.survey).map(|s| s.id.clone()),
        lang: app.lang,
    }
}

/// Saves the place when it changed (a small durable write, only on a move that changes it).
/// A failure is not worth a message: the answers are what matters, and they are saved.
pub(super) fn remember(app: &mut App) {
    let place = current(app);
    if app.left_at.as_ref() != Some(&place) {
        let _ = app.fieldwork.store().set_setting(LEFT_AT, &place.to_json());
        app.left_at = Some(place);
    }
}

/// Back where the last run was left, if that workshop is still there.
pub(super) fn reopen(app: &mut App) {
    let Some(place) = app
        .fieldwork
        .store()
        .setting(LEFT_AT)
        .ok()
        .flatten()
        .and_then(|t| Place::from_json(&t))
    else {
        return;
    };
    app.lang = place.lang;
    if let Some(i) = place
        .survey
        .as_ref()
        .and_then(|id| app.surveys.iter().position(|s| &s.id == id))
    {
        app.survey = i;
    }
    if let Some(i) = place
        .session
        .and_then(|id| app.sessions.iter().position(|s| s.session.id == id))
    {
        app.selected = i;
        let session = app.sessions[i].session.clone();
        super::session::open(app, session);
        if let Some(e) = place.establishment {
            super::session::select_establishment(app, e);
        }
    }
    app.left_at = Some(current(app));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_reads_back_as_written_and_nonsense_reads_as_nothing() {
        let place = Place {
            session: Some(Uuid::now_v7()),
            establishment: None,
            survey: Some("dx".into()),
            lang: Lang::En,
        };
        assert_eq!(Place::from_json(&place.to_json()), Some(place));
        assert_eq!(Place::from_json("not json"), None);
    }
}
