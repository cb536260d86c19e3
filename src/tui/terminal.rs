//! Taking over the terminal and always giving it back: on quit, on error and
//! on panic. Bracketed paste is enabled here and undone on every exit path;
//! kitty keyboard flags are never pushed (they break input-method text).

use std::io::{self, Stdout, Write};
use std::panic;

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, alternate screen, bracketed paste; a panic hook that restores
/// the terminal before anything is printed.
pub fn init() -> io::Result<Term> {
    install_panic_hook();
    enable_raw_mode()?;
    let mut out = io::stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen) {
        restore();
        return Err(e);
    }
    // Best effort: the legacy Windows console has no bracketed paste, and a
    // paste then arrives as ordinary keys, which the fields take as well.
    let _ = execute!(out, EnableBracketedPaste);
    Terminal::new(CrosstermBackend::new(out)).inspect_err(|_| restore())
}

/// Undoes everything `init` did. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// A panic prints a short message on a restored terminal, not a stack trace
/// over the alternate screen. Saved answers are already durable.
pub fn install_panic_hook() {
    panic::set_hook(Box::new(|info| {
        restore();
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        // Not eprintln!: with the window already closed, stderr fails, and a panic
        // inside the hook would abort before the database is closed.
        let _ = writeln!(
            std::io::stderr(),
            "sansang gặp lỗi nội bộ và đã dừng; mọi câu trả lời đã lưu vẫn còn nguyên. \
             Mở lại sansang để làm tiếp.\n\
             sansang hit an internal error and stopped; every saved answer is kept. \
             Start sansang again to carry on.\n{what}{place}"
        );
    }));
    // The store turns redb's panics on a damaged file into errors: keep them off the screen.
    crate::store::install_panic_filter();
}
