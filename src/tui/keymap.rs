//! Which action a key means on the current screen, and the key hints shown in
//! the footer and the help overlay (built from the same table, so they agree).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Action, App, Screen};
use super::strings::S;

/// One key hint: the key as written on screen, and what it does.
pub type Hint = (&'static str, S);

/// The action of a key event; `None` for keys that mean nothing here and for
/// key releases (Windows reports both press and release).
pub fn action(app: &App, key: &KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    // Ctrl+H is what some terminals send for Backspace (0x08), Unikey among them.
    match (key.code, ctrl) {
        (KeyCode::Char('c' | 'q'), true) => return Some(Action::Quit),
        (KeyCode::Char('h'), true) | (KeyCode::Backspace, _) => return Some(Action::Backspace),
        (KeyCode::Char('s'), true) => return Some(Action::Finish),
        (KeyCode::Char('g'), true) => return Some(Action::Guidance),
        (KeyCode::F(1), _) => return Some(Action::ToggleHelp),
        (KeyCode::F(2), _) => return Some(Action::ToggleLanguage),
        _ => {}
    }
    let common = match key.code {
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown => Some(Action::PageDown),
        KeyCode::Left => Some(Action::Left),
        KeyCode::Right => Some(Action::Right),
        KeyCode::Home => Some(Action::Home),
        KeyCode::End => Some(Action::End),
        KeyCode::Enter => Some(Action::Enter),
        KeyCode::Tab => Some(Action::Tab),
        KeyCode::BackTab => Some(Action::BackTab),
        KeyCode::Esc => Some(Action::Esc),
        KeyCode::Delete => Some(Action::Delete),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    let KeyCode::Char(c) = key.code else {
        return None;
    };
    // AltGr arrives as Ctrl+Alt on Windows: still a typed character.
    if ctrl != alt {
        return None;
    }
    if app.typing() {
        return Some(Action::Char(c));
    }
    command(app, c)
}

/// A letter or digit outside text fields.
fn command(app: &App, c: char) -> Option<Action> {
    if c == '?' {
        return Some(Action::ToggleHelp);
    }
    if let Some(d) = c.to_digit(10) {
        return Some(Action::Digit(d));
    }
    Some(match (app.screen, c) {
        (Screen::Welcome | Screen::Sessions, 'q') => Action::Quit,
        (Screen::Welcome | Screen::Sessions, 'n') => Action::NewSession,
        (Screen::Welcome, 'd') => Action::Demo,
        (Screen::Session, 'a') => Action::AddEstablishment,
        (Screen::Session, 'f') => Action::PickEstablishment,
        (Screen::Session, '/') => Action::Filter,
        (Screen::Session, 's') => Action::SwitchSurvey,
        (Screen::Session, 'r') => Action::ShowResult,
        (Screen::Session, 'b') => Action::ShowDashboard,
        (Screen::Session, 'x') => Action::Export,
        (Screen::Entry, ' ') => Action::Space,
        (Screen::Entry, 'n') => Action::NotApplicable,
        (Screen::Entry, 'g') => Action::Guidance,
        (Screen::Dashboard, 'r') => Action::Reverse,
        (Screen::Dashboard, 's') => Action::SwitchSurvey,
        _ => return None,
    })
}

/// The keys that work right now, most useful first.
pub fn hints(app: &App) -> Vec<Hint> {
    let form = [
        ("Tab", S::KeyNextField),
        ("S-Tab", S::KeyPrevField),
        ("Ctrl+S", S::KeySave),
        ("Esc", S::KeyCancel),
    ];
    let mut keys: Vec<Hint> = match app.screen {
        Screen::Welcome if app.session_form.is_some() => form.to_vec(),
        Screen::Sessions if app.session_form.is_some() => form.to_vec(),
        Screen::Welcome => vec![("n", S::KeyNew), ("d", S::KeyDemo), ("q", S::KeyQuit)],
        Screen::Sessions => vec![
            ("↑↓", S::KeyMove),
            ("Enter", S::KeyOpen),
            ("n", S::KeyNew),
            ("q", S::KeyQuit),
        ],
        Screen::Session => session_hints(app, &form),
        Screen::Entry => entry_hints(app),
        Screen::Result => vec![("↑↓ PgUp/PgDn", S::KeyMove), ("Esc", S::KeyBack)],
        Screen::Dashboard => vec![
            ("←→", S::KeySort),
            ("r", S::KeyReverse),
            ("s", S::KeySurvey),
            ("↑↓", S::KeyMove),
            ("Esc", S::KeyBack),
        ],
    };
    keys.push((if app.typing() { "F1" } else { "?" }, S::KeyHelp));
    keys.push(("F2", S::KeyLang));
    keys
}

fn session_hints(app: &App, form: &[Hint]) -> Vec<Hint> {
    let Some(view) = app.session.as_ref() else {
        return Vec::new();
    };
    if let Some(f) = &view.form {
        let mut keys = form.to_vec();
        if f.fields[f.focus].choice.is_some() {
            keys.insert(0, ("←→ 1-4", S::KeyKind));
        }
        return keys;
    }
    if view.picker.is_some() {
        return vec![
            ("↑↓", S::KeyMove),
            ("Enter", S::KeyChoose),
            ("Esc", S::KeyCancel),
        ];
    }
    if view.filtering {
        return vec![("Enter", S::KeyMove), ("Esc", S::KeyCancel)];
    }
    vec![
        ("Enter", S::KeyEnterSurvey),
        ("s", S::KeySurvey),
        ("a", S::KeyAdd),
        ("f", S::KeyPick),
        ("/", S::KeyFilter),
        ("r", S::KeyResult),
        ("b", S::KeyDashboard),
        ("Esc", S::KeyBack),
        ("x", S::KeyExport),
    ]
}

fn entry_hints(app: &App) -> Vec<Hint> {
    let Some(entry) = app.entry.as_ref() else {
        return Vec::new();
    };
    if entry.reason.is_some() {
        return vec![("Enter", S::KeySave), ("Esc", S::KeyCancel)];
    }
    if entry.at_end() {
        return vec![
            ("Enter", S::KeyFinish),
            ("1-9", S::KeyJump),
            ("↑", S::KeyPrev),
            ("Esc", S::KeyLeave),
        ];
    }
    let mut keys = Vec::new();
    let q = entry.question();
    match q.map(|q| &q.kind) {
        Some(crate::survey::Kind::Multi { .. }) => {
            keys.push(("1-9/Space", S::KeyToggle));
        }
        Some(_) if q.is_some_and(super::entry::is_typed) => keys.push(("", S::KeyType)),
        Some(crate::survey::Kind::Note) | None => {}
        Some(_) => keys.push(("1-9", S::KeyChoose)),
    }
    if q.is_some_and(|q| q.kind.allows_na() && !super::entry::is_typed(q)) {
        keys.push(("n", S::KeyNa));
    }
    // The footer drops hints from the end when short of room: most needed first.
    keys.extend([
        ("Enter", S::KeyNext),
        ("↑", S::KeyPrev),
        ("Esc", S::KeyLeave),
    ]);
    if q.is_some_and(|q| q.guidance.is_some()) {
        keys.push((if app.typing() { "Ctrl+G" } else { "g" }, S::KeyGuidance));
    }
    keys.extend([("Ctrl+S", S::KeyFinish), ("PgUp/PgDn", S::KeyDimension)]);
    keys
}

/// Every key of the current screen, for the help overlay.
pub fn all_keys(app: &App) -> Vec<Hint> {
    let mut keys = hints(app);
    if app.screen == Screen::Entry {
        keys.extend([("Tab", S::KeyNext), ("S-Tab", S::KeyPrev)]);
        if app.typing() {
            keys.push(("←→ Home End", S::KeyMove));
        } else {
            keys.extend([("←→", S::KeyMove), ("Space", S::KeyChoose)]);
        }
        keys.push(("Ctrl+G", S::KeyGuidance));
    }
    keys.push(("Ctrl+C", S::KeyQuit));
    keys
}
