//! One key table per screen: each binding says which keys do what, how the footer and the
//! help write them, and whether the footer lists them. Handling and hints read the same
//! table, so the footer cannot drift from what a key does, and a key that is not in the
//! current table does nothing. Where a text field has focus, every printable key is text.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{Action, App, Screen};
use super::entry::is_typed;
use super::strings::S;
use crate::survey::Kind;

/// One key hint: the key as written on screen, and what it does.
pub type Hint = (&'static str, S);

/// A key, as a binding names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A key without Ctrl or Alt (Shift allowed: `?`, `/`, Shift+Tab).
    Code(KeyCode),
    /// Ctrl and a letter.
    Ctrl(char),
    /// Any digit 0–9, as `Action::Digit`.
    Digits,
}

impl Key {
    fn char(c: char) -> Key {
        Key::Code(KeyCode::Char(c))
    }

    /// The action `event` means under this key, if it is this key.
    fn resolve(self, action: &Action, event: &KeyEvent) -> Option<Action> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        match (self, event.code) {
            (Key::Ctrl(c), KeyCode::Char(e)) if ctrl && e.eq_ignore_ascii_case(&c) => {
                Some(action.clone())
            }
            (Key::Digits, KeyCode::Char(d)) if !ctrl && !alt => d.to_digit(10).map(Action::Digit),
            (Key::Code(code), e) if e == code && !ctrl && !alt => Some(action.clone()),
            _ => None,
        }
    }

    /// A printable key: text, not a command, where a text field has focus.
    fn printable(self) -> bool {
        matches!(self, Key::Digits | Key::Code(KeyCode::Char(_)))
    }

    /// An event of this key, for tests of the table.
    pub fn example(self) -> KeyEvent {
        match self {
            Key::Code(KeyCode::BackTab) => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
            Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Digits => KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE),
        }
    }
}

/// Keys that do one thing, as the footer and the help say it.
#[derive(Debug, Clone)]
pub struct Binding {
    /// How the keys are written ("Enter", "↑↓", "1-9"); empty for a hint without a key.
    pub shown: &'static str,
    pub what: S,
    /// Listed in the footer; otherwise only in the help.
    pub footer: bool,
    pub keys: Vec<(Key, Action)>,
}

fn bind(shown: &'static str, what: S, keys: Vec<(Key, Action)>) -> Binding {
    Binding {
        shown,
        what,
        footer: true,
        keys,
    }
}

impl Binding {
    fn help_only(mut self) -> Binding {
        self.footer = false;
        self
    }

    fn listed_if(mut self, shown: bool) -> Binding {
        self.footer = shown;
        self
    }
}

use Action as A;
use KeyCode as C;

fn code(c: KeyCode, a: Action) -> (Key, Action) {
    (Key::Code(c), a)
}

fn letter(c: char, a: Action) -> (Key, Action) {
    (Key::char(c), a)
}

/// Every binding of the screen as it is now, the footer's order first, then the ones every
/// screen has.
pub fn table(app: &App) -> Vec<Binding> {
    if app.too_small() {
        // Nothing on screen says what a key would do: only quitting acts.
        return vec![quit()];
    }
    let mut keys = match app.screen {
        Screen::Welcome | Screen::Sessions if app.session_form.is_some() => form(app),
        Screen::Welcome => vec![
            bind("n", S::KeyNew, vec![letter('n', A::NewSession)]),
            bind("d", S::KeyDemo, vec![letter('d', A::Demo)]),
            bind("q", S::KeyQuit, vec![letter('q', A::Quit)]),
        ],
        Screen::Sessions => vec![
            bind(
                "↑↓",
                S::KeyMove,
                vec![code(C::Up, A::Up), code(C::Down, A::Down)],
            ),
            bind("Enter", S::KeyOpen, vec![code(C::Enter, A::Enter)]),
            bind("n", S::KeyNew, vec![letter('n', A::NewSession)]),
            bind("e", S::KeyEdit, vec![letter('e', A::Edit)]),
            bind("q", S::KeyQuit, vec![letter('q', A::Quit)]),
        ],
        Screen::Session => session(app),
        Screen::Entry => entry(app),
        Screen::Result => vec![
            bind("p", S::KeyPrint, vec![letter('p', A::Print)]),
            open_file(app),
            moves(),
            bind(
                "Esc",
                S::KeyBack,
                vec![code(C::Esc, A::Esc), code(C::Enter, A::Enter)],
            ),
        ],
        Screen::Dashboard => vec![
            bind(
                "←→",
                S::KeySort,
                vec![code(C::Left, A::Left), code(C::Right, A::Right)],
            ),
            bind("v", S::KeyReverse, vec![letter('v', A::Reverse)]),
            bind(
                "Enter",
                S::KeyResult,
                vec![code(C::Enter, A::Enter), letter('r', A::ShowResult)],
            ),
            bind(
                "s",
                S::KeySurvey,
                vec![letter('s', A::SwitchSurvey), code(C::Tab, A::Tab)],
            ),
            bind(
                "↑↓",
                S::KeyMove,
                vec![code(C::Up, A::Up), code(C::Down, A::Down)],
            ),
            bind("Esc", S::KeyBack, vec![code(C::Esc, A::Esc)]),
            bind(
                "PgUp/PgDn",
                S::KeyMove,
                vec![code(C::PageUp, A::PageUp), code(C::PageDown, A::PageDown)],
            )
            .help_only(),
        ],
    };
    keys.extend(always(app));
    keys
}

/// Line by line and page by page.
fn moves() -> Binding {
    bind(
        "↑↓ PgUp/PgDn",
        S::KeyMove,
        vec![
            code(C::Up, A::Up),
            code(C::Down, A::Down),
            code(C::PageUp, A::PageUp),
            code(C::PageDown, A::PageDown),
        ],
    )
}

/// Help, language and quit: on every screen.
fn always(app: &App) -> Vec<Binding> {
    let help = if app.typing() {
        bind("F1", S::KeyHelp, vec![code(C::F(1), A::ToggleHelp)])
    } else {
        bind(
            "?",
            S::KeyHelp,
            vec![letter('?', A::ToggleHelp), code(C::F(1), A::ToggleHelp)],
        )
    };
    vec![
        help,
        bind("F2", S::KeyLang, vec![code(C::F(2), A::ToggleLanguage)]),
        quit().help_only(),
    ]
}

/// `o`, listed once a file was written.
fn open_file(app: &App) -> Binding {
    bind("o", S::KeyOpenFile, vec![letter('o', A::OpenFile)]).listed_if(app.written.is_some())
}

fn quit() -> Binding {
    bind(
        "Ctrl+C",
        S::KeyQuit,
        vec![(Key::Ctrl('c'), A::Quit), (Key::Ctrl('q'), A::Quit)],
    )
}

/// A new session's or establishment's form.
fn form(app: &App) -> Vec<Binding> {
    let focused_choice = match app.screen {
        Screen::Session => app.session.as_ref().and_then(|v| v.form.as_ref()),
        _ => app.session_form.as_ref(),
    }
    .is_some_and(|f| f.fields[f.focus].choice.is_some());
    let mut keys = Vec::new();
    if focused_choice {
        keys.push(bind(
            "←→ 1-7",
            S::KeyKind,
            vec![code(C::Left, A::Left), code(C::Right, A::Right)],
        ));
    }
    keys.extend([
        bind(
            "Tab",
            S::KeyNextField,
            vec![code(C::Tab, A::Tab), code(C::Down, A::Down)],
        ),
        bind(
            "S-Tab",
            S::KeyPrevField,
            vec![code(C::BackTab, A::BackTab), code(C::Up, A::Up)],
        ),
        bind("Ctrl+S", S::KeySave, vec![(Key::Ctrl('s'), A::Finish)]),
        bind("Esc", S::KeyCancel, vec![code(C::Esc, A::Esc)]),
        bind("Enter", S::KeyNextField, vec![code(C::Enter, A::Enter)]).help_only(),
    ]);
    keys
}

fn session(app: &App) -> Vec<Binding> {
    let Some(view) = app.session.as_ref() else {
        return Vec::new();
    };
    if view.form.is_some() {
        return form(app);
    }
    if view.picker.is_some() {
        return vec![
            bind(
                "↑↓",
                S::KeyMove,
                vec![code(C::Up, A::Up), code(C::Down, A::Down)],
            ),
            bind("Enter", S::KeyChoose, vec![code(C::Enter, A::Enter)]),
            bind("Esc", S::KeyCancel, vec![code(C::Esc, A::Esc)]),
        ];
    }
    if view.confirm.is_some() {
        return vec![
            bind("y", S::KeyYes, vec![letter('y', A::Yes)]),
            bind(
                "Esc/n",
                S::KeyNo,
                vec![code(C::Esc, A::Esc), letter('n', A::Esc)],
            ),
        ];
    }
    if view.filtering {
        return vec![
            bind(
                "Enter",
                S::KeyMove,
                vec![code(C::Enter, A::Enter), code(C::Down, A::Down)],
            ),
            bind("Esc", S::KeyCancel, vec![code(C::Esc, A::Esc)]),
        ];
    }
    vec![
        bind("Enter", S::KeyEnterSurvey, vec![code(C::Enter, A::Enter)]),
        bind(
            "s",
            S::KeySurvey,
            vec![letter('s', A::SwitchSurvey), code(C::Tab, A::Tab)],
        ),
        bind("a", S::KeyAdd, vec![letter('a', A::AddEstablishment)]),
        bind("f", S::KeyPick, vec![letter('f', A::PickEstablishment)]),
        bind("/", S::KeyFilter, vec![letter('/', A::Filter)]),
        bind("c", S::KeyStates, vec![letter('c', A::CycleStates)]),
        bind("r", S::KeyResult, vec![letter('r', A::ShowResult)]),
        bind("b", S::KeyDashboard, vec![letter('b', A::ShowDashboard)]),
        bind("Esc", S::KeyBack, vec![code(C::Esc, A::Esc)]),
        bind("e", S::KeyEdit, vec![letter('e', A::Edit)]),
        bind("x", S::KeyExport, vec![letter('x', A::Export)]),
        open_file(app),
        bind("Del", S::KeyRemove, vec![code(C::Delete, A::Delete)]),
        bind(
            "t",
            S::KeyDeleteResponse,
            vec![letter('t', A::DeleteResponse)],
        ),
        bind(
            "l",
            S::KeyResetResponse,
            vec![letter('l', A::ResetResponse)],
        ),
        moves().help_only(),
    ]
}

fn entry(app: &App) -> Vec<Binding> {
    let Some(entry) = app.entry.as_ref() else {
        return Vec::new();
    };
    if entry.reason.is_some() {
        return vec![
            bind("Enter", S::KeySave, vec![code(C::Enter, A::Enter)]),
            bind("Esc", S::KeyCancel, vec![code(C::Esc, A::Esc)]),
        ];
    }
    let leave = bind("Esc", S::KeyLeave, vec![code(C::Esc, A::Esc)]);
    let prev = bind(
        "↑",
        S::KeyPrev,
        vec![code(C::Up, A::Up), code(C::BackTab, A::BackTab)],
    );
    if entry.at_end() {
        let finish = if entry.complete() {
            S::KeySeeResult
        } else {
            S::KeyFinish
        };
        let mut keys = vec![bind(
            "Enter",
            if entry.jump.is_empty() {
                finish
            } else {
                S::KeyJump
            },
            vec![code(C::Enter, A::Enter), (Key::Ctrl('s'), A::Finish)],
        )];
        if !entry.card.missing.is_empty() {
            keys.push(bind(
                "1…99 Enter",
                S::KeyJump,
                vec![(Key::Digits, A::Digit(0))],
            ));
        }
        keys.extend([
            prev,
            leave,
            bind("PgUp", S::KeyDimension, vec![code(C::PageUp, A::PageUp)]).help_only(),
        ]);
        return keys;
    }
    let q = entry.question();
    let typed = q.is_some_and(is_typed);
    let mut keys = Vec::new();
    match q.map(|q| &q.kind) {
        Some(Kind::Multi { .. }) => keys.push(bind(
            "1-9/Space",
            S::KeyToggle,
            vec![(Key::Digits, A::Digit(0)), letter(' ', A::Space)],
        )),
        Some(_) if typed => keys.push(bind("", S::KeyType, Vec::new())),
        Some(Kind::Note) | None => {}
        Some(_) => keys.push(bind("1-9", S::KeyChoose, vec![(Key::Digits, A::Digit(0))])),
    }
    let allows_na = q.is_some_and(|q| q.kind.allows_na());
    if !typed {
        keys.push(bind("n", S::KeyNa, vec![letter('n', A::NotApplicable)]).listed_if(allows_na));
    }
    // The footer drops hints from the end when short of room: most needed first.
    keys.extend([
        bind(
            "Enter",
            S::KeyNext,
            vec![
                code(C::Enter, A::Enter),
                code(C::Tab, A::Tab),
                code(C::Down, A::Down),
            ],
        ),
        prev,
        leave,
    ]);
    let guidance = q.is_some_and(|q| q.guidance.is_some());
    let mut guidance_keys = vec![(Key::Ctrl('g'), A::Guidance)];
    if !typed {
        guidance_keys.push(letter('g', A::Guidance));
    }
    keys.push(
        bind(
            if typed { "Ctrl+G" } else { "g" },
            S::KeyGuidance,
            guidance_keys,
        )
        .listed_if(guidance),
    );
    keys.extend([
        bind("Ctrl+S", S::KeyFinish, vec![(Key::Ctrl('s'), A::Finish)]),
        bind(
            "PgUp/PgDn",
            S::KeyDimension,
            vec![code(C::PageUp, A::PageUp), code(C::PageDown, A::PageDown)],
        ),
        bind("Tab", S::KeyNext, Vec::new()).help_only(),
        bind("S-Tab", S::KeyPrev, Vec::new()).help_only(),
    ]);
    if !typed {
        keys.extend([
            bind(
                "←→",
                S::KeyMove,
                vec![code(C::Left, A::Left), code(C::Right, A::Right)],
            )
            .help_only(),
            bind("Space", S::KeyChoose, vec![letter(' ', A::Space)]).help_only(),
        ]);
    }
    keys
}

/// The action of a key event; `None` for keys that mean nothing here and for
/// key releases (Windows reports both press and release).
pub fn action(app: &App, key: &KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if app.too_small() {
        return table(app)
            .iter()
            .flat_map(|b| &b.keys)
            .find_map(|(k, a)| k.resolve(a, key));
    }
    // Ctrl+H is what some terminals send for Backspace (0x08), Unikey among them.
    if key.code == KeyCode::Backspace || (ctrl && key.code == KeyCode::Char('h')) {
        return Some(Action::Backspace);
    }
    let typing = app.typing();
    for binding in table(app) {
        for (k, a) in &binding.keys {
            if typing && k.printable() {
                continue;
            }
            if let Some(action) = k.resolve(a, key) {
                return Some(action);
            }
        }
    }
    if !typing {
        return None;
    }
    match key.code {
        // AltGr arrives as Ctrl+Alt on Windows: still a typed character.
        KeyCode::Char(c) if ctrl == alt => Some(Action::Char(c)),
        KeyCode::Delete => Some(Action::Delete),
        KeyCode::Left => Some(Action::Left),
        KeyCode::Right => Some(Action::Right),
        KeyCode::Home => Some(Action::Home),
        KeyCode::End => Some(Action::End),
        _ => None,
    }
}

/// The keys the footer lists right now, most useful first.
pub fn hints(app: &App) -> Vec<Hint> {
    table(app)
        .into_iter()
        .filter(|b| b.footer)
        .map(|b| (b.shown, b.what))
        .collect()
}

/// Every key of the current screen, for the help overlay.
pub fn all_keys(app: &App) -> Vec<Hint> {
    table(app)
        .into_iter()
        .filter(|b| !b.shown.is_empty())
        .map(|b| (b.shown, b.what))
        .collect()
}
