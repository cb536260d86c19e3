//! What differs between the trainers' Windows laptops and Linux, decided here once:
//! where the data and the exports live, file names every system accepts, the console
//! the screens need, and closing the window without leaving the database open.
//!
//! Owner-only data. On Linux the database is created with mode 0600 (see
//! `store::open`). Windows has no mode bit: the database lives in the user's own
//! `%LOCALAPPDATA%\sansang`, inside the profile folder, which Windows lets only that
//! user (and SYSTEM and the administrators) read. A `--db` elsewhere (a USB stick, a
//! shared folder) takes the permissions of that folder, so keep it in the profile.

mod close;
mod console;
mod file_name;
mod folders;
mod open;

pub use close::{closed, on_close};
pub use console::{Console, check_console, hold_window};
pub use file_name::file_name;
pub use folders::{APP_FOLDER, EXPORTS_ENV, data_folder, exports_folder};
pub use open::open_file;

/// `bytes` without the UTF-8 byte-order mark that Windows editors (Notepad, Excel's
/// "CSV UTF-8") put at the start of a file; every reader of text files calls this.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_dropped_once_and_only_at_the_start() {
        assert_eq!(without_bom(b"\xEF\xBB\xBF{}"), b"{}");
        assert_eq!(without_bom(b"{}"), b"{}");
        assert_eq!(
            without_bom(b"\xEF\xBB\xBF\xEF\xBB\xBF{}"),
            b"\xEF\xBB\xBF{}"
        );
        assert_eq!(without_bom(b"{\xEF\xBB\xBF}"), b"{\xEF\xBB\xBF}");
        assert_eq!(without_bom(b""), b"");
    }
}
