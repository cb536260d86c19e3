//! Closing the window closes the database cleanly, so the next start needs no repair.
//!
//! Linux sends SIGHUP (terminal closed) or SIGTERM (shutdown); ctrlc turns them into
//! a call on its own thread, and the process lives on until the screens have quit.
//! Windows is stricter: it calls the console handler on a thread of its own when the
//! window's close button is clicked, and ends the process as soon as the handler
//! returns, or after 5 seconds. ctrlc's handler returns at once, before the database
//! is closed (ctrlc issue #122), so on Windows sansang installs its own handler, and
//! both wait in `CloseGate::request` until the screens say the database is closed.

use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::time::Duration;

/// How long a close request waits for the database to be closed: under the 5
/// seconds after which Windows ends the process anyway.
const CLOSE_WAIT: Duration = Duration::from_millis(4500);

/// Between a request to stop (the window closed, the system shutting down) and the
/// screens saying their database is closed.
pub struct CloseGate {
    stop: Box<dyn Fn() + Send + Sync>,
    closed: Mutex<bool>,
    done: Condvar,
}

impl CloseGate {
    /// A gate that calls `stop` to ask the screens to quit.
    pub fn new(stop: impl Fn() + Send + Sync + 'static) -> CloseGate {
        CloseGate {
            stop: Box::new(stop),
            closed: Mutex::new(false),
            done: Condvar::new(),
        }
    }

    /// What the system's handler does: ask the screens to stop, then wait until they
    /// have closed the database, or `wait` has passed. True when it was closed in time.
    pub fn request(&self, wait: Duration) -> bool {
        (self.stop)();
        let closed = self.closed.lock().unwrap_or_else(PoisonError::into_inner);
        let (closed, _) = self
            .done
            .wait_timeout_while(closed, wait, |closed| !*closed)
            .unwrap_or_else(PoisonError::into_inner);
        *closed
    }

    /// The database is closed: a waiting request may return, and the process end.
    pub fn closed(&self) {
        *self.closed.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.done.notify_all();
    }
}

static GATE: OnceLock<CloseGate> = OnceLock::new();

/// Calls `stop` when the window is closed or the system asks the program to end
/// (and, outside raw mode, on Ctrl+C); the handler then waits for `closed()`. Only
/// the first call in a process installs a handler; `false` when none could be.
pub fn on_close(stop: impl Fn() + Send + Sync + 'static) -> bool {
    GATE.set(CloseGate::new(stop)).is_ok() && install()
}

/// The screens have closed their database; call it before giving the terminal back.
pub fn closed() {
    if let Some(gate) = GATE.get() {
        gate.closed();
    }
}

fn request_close() {
    if let Some(gate) = GATE.get() {
        gate.request(CLOSE_WAIT);
    }
}

#[cfg(unix)]
fn install() -> bool {
    ctrlc::set_handler(request_close).is_ok()
}

#[cfg(windows)]
fn install() -> bool {
    use windows_sys::Win32::System::Console::SetConsoleCtrlHandler;
    use windows_sys::core::BOOL;

    /// Any console event (close, log-off, shutdown, Ctrl+C): quit cleanly. Returning
    /// TRUE tells Windows it is handled; for a close it then ends the process.
    unsafe extern "system" fn handler(_event: u32) -> BOOL {
        request_close();
        1
    }
    // SAFETY: `handler` is a plain function that lives as long as the process.
    unsafe { SetConsoleCtrlHandler(Some(handler), 1) != 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;
    use std::time::Instant;

    /// The screens' loop: on a stop request it closes the database a moment later,
    /// then says so, as `tui::run` does.
    fn screens(gate: Arc<CloseGate>, stops: mpsc::Receiver<()>, database_open: Arc<AtomicBool>) {
        std::thread::spawn(move || {
            if stops.recv().is_ok() {
                std::thread::sleep(Duration::from_millis(50));
                database_open.store(false, Ordering::SeqCst);
                gate.closed();
            }
        });
    }

    fn gate() -> (Arc<CloseGate>, mpsc::Receiver<()>) {
        let (tx, rx) = mpsc::channel();
        let gate = CloseGate::new(move || {
            let _ = tx.send(());
        });
        (Arc::new(gate), rx)
    }

    #[test]
    fn closing_the_window_waits_until_the_database_is_closed() {
        let (gate, stops) = gate();
        let database_open = Arc::new(AtomicBool::new(true));
        screens(gate.clone(), stops, database_open.clone());
        assert!(gate.request(Duration::from_secs(10)));
        assert!(
            !database_open.load(Ordering::SeqCst),
            "the handler returned (and Windows would end the process) with the database open"
        );
    }

    #[test]
    fn screens_that_never_quit_do_not_hold_the_handler_forever() {
        let (gate, _stops) = gate();
        let start = Instant::now();
        assert!(!gate.request(Duration::from_millis(100)));
        assert!(start.elapsed() >= Duration::from_millis(100));
    }

    #[test]
    fn a_request_after_the_database_closed_returns_at_once() {
        let (gate, stops) = gate();
        gate.closed();
        assert!(gate.request(Duration::from_secs(10)));
        assert!(stops.try_recv().is_ok(), "the stop request was still sent");
    }
}
