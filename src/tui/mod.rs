//! The workshop screens: sessions, establishments, entry, result card, dashboard.
//!
//! Shape: keys become `Action`s (keymap), `update` applies them to `App`
//! (app), and the screens only read `App` (screens). Input is read on its own
//! thread and handed over a channel, every event in order: input methods send
//! bursts of Backspace and letters that must never be dropped or reordered.

pub mod app;
pub mod entry;
pub mod form;
pub mod keymap;
pub mod screens;
pub mod strings;
pub mod terminal;
pub mod views;
pub mod widgets;

use std::sync::mpsc::{self, Receiver};
use std::thread;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::backend::Backend;
use ratatui::{Frame, Terminal};

use app::{Action, App, update};

/// Draws one frame: the screens into the buffer, the cursor into the focused field.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if let Some(cursor) = screens::render(app, area, frame.buffer_mut()) {
        frame.set_cursor_position(cursor);
    }
}

/// What a terminal event asks for.
pub fn action_of(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) => keymap::action(app, &key),
        Event::Paste(_) if app.too_small() => None,
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        _ => None,
    }
}

/// Applies one terminal event. Esc quickly followed by a key reaches us as
/// Alt+key (one read holds both bytes): it is handled as the two keys, the
/// second on the screen the first led to, so no keystroke is lost.
pub fn handle(app: &mut App, event: Event) {
    if let Event::Key(mut key) = event
        && !app.too_small()
        && key.modifiers == KeyModifiers::ALT
        && matches!(key.code, KeyCode::Char(_))
        && key.kind == KeyEventKind::Press
    {
        update(app, Action::Esc);
        key.modifiers = KeyModifiers::NONE;
        if let Some(action) = keymap::action(app, &key) {
            update(app, action);
        }
        return;
    }
    if let Some(action) = action_of(app, event) {
        update(app, action);
    }
}

/// Opens the workshop screens on `fieldwork` until the trainer quits.
pub fn open(fieldwork: crate::fieldwork::Fieldwork) -> Result<(), String> {
    let today = chrono::Local::now().date_naive();
    run(App::new(fieldwork, today))
}

/// Runs the app on the real terminal until the trainer quits.
pub fn run(mut app: App) -> Result<(), String> {
    crate::platform::check_console()?;
    let mut terminal = terminal::init().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let result = event_loop(&mut terminal, &mut app);
    // Close the database first: when the window was closed, putting the terminal
    // back fails, and a failure that panics would make redb skip its clean close.
    let closed = app
        .close()
        .map_err(|e| format!("the database was not closed cleanly: {e}"));
    crate::platform::closed();
    terminal::restore();
    result.and(closed)
}

/// What wakes the event loop: the terminal's events, or a request to stop.
pub enum Input {
    Terminal(Event),
    /// The window is being closed or the system is shutting down (SIGHUP, SIGTERM,
    /// the console's close button on Windows): quit cleanly, so the database is
    /// closed and the next start needs no repair.
    Stop,
}

fn event_loop(terminal: &mut terminal::Term, app: &mut App) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    // Only one handler per process; if one is already set, closing the window
    // still loses nothing (every answer is committed), it only costs a repair.
    crate::platform::on_close(move || {
        let _ = stop.send(Input::Stop);
    });
    thread::spawn(move || {
        while let Ok(event) = event::read() {
            if tx.send(Input::Terminal(event)).is_err() {
                break;
            }
        }
    });
    run_loop(terminal, app, &rx)
}

/// The event loop proper: every input from `rx` in order, a frame after each burst, until
/// the trainer quits or `rx` has nothing more to give. The tests drive this same loop with
/// a test backend and keys sent over a channel.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    rx: &Receiver<Input>,
) -> Result<(), String> {
    let redraw = |terminal: &mut Terminal<B>, app: &App| {
        terminal
            .draw(|frame| draw(frame, app))
            .map(|_| ())
            .map_err(|e| format!("cannot draw on the terminal: {e}"))
    };
    let size = terminal
        .size()
        .map_err(|e| format!("cannot read the terminal's size: {e}"))?;
    update(app, Action::Resize(size.width, size.height));
    redraw(terminal, app)?;
    while !app.quit {
        if app.pending() {
            update(app, Action::Background);
            redraw(terminal, app)?;
            continue;
        }
        let Ok(first) = rx.recv() else { break };
        // Apply everything already waiting before drawing once: a burst from an
        // input method is handled whole and in order.
        for input in std::iter::once(first).chain(rx.try_iter()) {
            match input {
                Input::Terminal(event) => handle(app, event),
                Input::Stop => update(app, Action::Quit),
            }
            if app.quit {
                break;
            }
        }
        redraw(terminal, app)?;
    }
    Ok(())
}
