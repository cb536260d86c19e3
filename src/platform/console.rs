//! The console the workshop screens start in. A Windows console without VT escape
//! sequences (the "legacy console" option) would show the screens as garbage, and
//! output sent to a file or a pipe has no screen at all: both get a clear message
//! instead. A window that is merely too small is the screens' own notice
//! (`tui::screens::MIN_WIDTH`), which goes away when the window is enlarged.

use std::io::IsTerminal;

/// What the screens need of the window they start in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Console {
    /// Keys come from, and the screens go to, a console (not a file or a pipe).
    pub interactive: bool,
    /// It understands VT escape sequences: every console of Windows 10 and later
    /// does, unless "Use legacy console" is ticked in its properties.
    pub vt: bool,
}

impl Console {
    /// The console this process runs in. On Windows this also switches VT sequences on.
    pub fn current() -> Console {
        Console {
            interactive: std::io::stdin().is_terminal() && std::io::stdout().is_terminal(),
            vt: vt_capable(),
        }
    }

    /// Why the screens cannot open here (in Vietnamese, then English); `None` when they can.
    pub fn problem(self) -> Option<&'static str> {
        if !self.interactive {
            return Some(
                "Màn hình hội thảo cần một cửa sổ dòng lệnh: hãy mở sansang bằng cách nhấp đúp \
                 sansang.cmd (hoặc sansang.exe), không chuyển hướng đầu vào hay đầu ra.\n\
                 The workshop screens need a console window: start sansang by double-clicking \
                 sansang.cmd (or sansang.exe), without redirecting its input or output; \
                 `sansang --help` lists the commands that work without screens.",
            );
        }
        if !self.vt {
            return Some(
                "Cửa sổ dòng lệnh này quá cũ để hiện màn hình hội thảo. Hãy dùng Windows \
                 Terminal, hoặc bỏ chọn \"Use legacy console\" trong Properties của cửa sổ, \
                 rồi mở lại sansang.\n\
                 This console window is too old for the workshop screens (no VT sequences). \
                 Use Windows Terminal, or untick \"Use legacy console\" in the window's \
                 Properties, then start sansang again.",
            );
        }
        None
    }
}

/// `Err` with the message to show when the screens cannot open in this console.
pub fn check_console() -> Result<(), String> {
    match Console::current().problem() {
        Some(problem) => Err(problem.to_owned()),
        None => Ok(()),
    }
}

#[cfg(windows)]
fn vt_capable() -> bool {
    crossterm::ansi_support::supports_ansi()
}

#[cfg(not(windows))]
fn vt_capable() -> bool {
    true
}

/// After a failure, keeps a console window that exists only for this program (it
/// was started from Explorer) open until Enter, so the message can be read instead
/// of vanishing with the window. Elsewhere it returns at once.
pub fn hold_window() {
    if owns_console() {
        use std::io::Write;
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\nNhấn Enter để đóng cửa sổ. / Press Enter to close this window."
        );
        let _ = err.flush();
        let _ = std::io::stdin().read_line(&mut String::new());
    }
}

/// True when no other program (cmd.exe, PowerShell) shares this console.
#[cfg(windows)]
fn owns_console() -> bool {
    let mut processes = [0u32; 2];
    // SAFETY: the buffer is valid for the length given; the call only writes into it.
    let attached = unsafe {
        windows_sys::Win32::System::Console::GetConsoleProcessList(processes.as_mut_ptr(), 2)
    };
    attached == 1
}

#[cfg(not(windows))]
fn owns_console() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_console_without_vt_or_without_a_screen_is_refused_with_a_message() {
        let good = Console {
            interactive: true,
            vt: true,
        };
        assert_eq!(good.problem(), None);
        let legacy = Console { vt: false, ..good };
        assert!(legacy.problem().unwrap().contains("Use legacy console"));
        let piped = Console {
            interactive: false,
            ..good
        };
        assert!(piped.problem().unwrap().contains("sansang --help"));
    }
}
