//! What leaves the laptop: spreadsheets, JSON, printable result sheets and
//! blank forms. Everything here is written through `safe_write`, so a failure
//! never leaves half a file and an existing file is kept unless forced.

pub mod cell;
pub mod followup;
pub mod html;
pub mod keys;
pub mod safe_write;
pub mod strings;

pub use keys::{KeyedChoice, entry_keys};
pub use safe_write::{ExportError, write_atomic};
pub use strings::Lang;
