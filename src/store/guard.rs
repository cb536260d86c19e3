//! redb may panic on a file damaged outside it (`btree_cursor.rs: internal error: entered
//! unreachable code`, `range end index … out of range`). Every read and write of the store
//! runs through [`quietly`], which turns such a panic into [`StoreError::Damaged`] without
//! printing it. Code of the caller (a visitor, a batch's closure) never runs inside it, so a
//! bug there still panics as usual.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe, UnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Once;

use super::error::StoreError;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Wraps the panic hook in place so that it stays silent for the panics [`quietly`] catches.
/// Runs on the store's first use; a program that sets its own hook later (the workshop
/// screens) calls it again after doing so.
pub fn install_panic_filter() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !QUIET.with(Cell::get) {
            previous(info);
        }
    }));
}

/// Runs `f`, turning a panic into an error without printing it.
pub fn quietly<T>(f: impl FnOnce() -> T + UnwindSafe) -> std::thread::Result<T> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(install_panic_filter);
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(f);
    QUIET.with(|q| q.set(was));
    result
}

/// Runs a store operation on `path`; a panic inside redb is reported as a damaged file.
pub fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
    quietly(AssertUnwindSafe(f)).unwrap_or_else(|panic| Err(damaged(path, panic_text(panic))))
}

pub fn damaged(path: &Path, detail: String) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
        backup: None,
    }
}

pub fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("redb found an inconsistency while reading it: {detail}")
}
