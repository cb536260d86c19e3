//! A panic gives the terminal back (bracketed paste off, alternate screen
//! left, cursor shown) and prints a short message, never a stack trace.

use std::process::Command;

const CHILD: &str = "SANSANG_PANIC_CHILD";

#[test]
fn a_panic_restores_the_terminal_and_prints_a_short_message() {
    if std::env::var_os(CHILD).is_some() {
        sansang::tui::terminal::install_panic_hook();
        panic!("boom in the entry screen");
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_panic_restores_the_terminal_and_prints_a_short_message",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stdout.contains("\u{1b}[?2004l"),
        "bracketed paste is disabled: {stdout:?}"
    );
    assert!(
        stdout.contains("\u{1b}[?1049l"),
        "the alternate screen is left: {stdout:?}"
    );
    assert!(
        stdout.contains("\u{1b}[?25h"),
        "the cursor is shown: {stdout:?}"
    );
    assert!(
        stderr.contains("mọi câu trả lời đã lưu vẫn còn nguyên"),
        "{stderr}"
    );
    assert!(stderr.contains("every saved answer is kept"), "{stderr}");
    assert!(stderr.contains("boom in the entry screen"), "{stderr}");
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
}
