//! What can go wrong with the workshop database, in words a trainer can act on.

use std::io;
use std::path::{Path, PathBuf};

use uuid::Uuid;

/// Every failure of the store. Each message names the file or record, says what is wrong and
/// what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database {path} is already open in another sansang window; close it first, then try again"
    )]
    AlreadyOpen { path: PathBuf },

    #[error(
        "{path} is not a sansang database (it is not a redb file); it was left unchanged. Choose another file with --db or SANSANG_DB"
    )]
    NotADatabase { path: PathBuf },

    #[error(
        "{path} is a redb database but not a sansang one (it has no sansang schema); it was left unchanged. Choose another file with --db or SANSANG_DB"
    )]
    NotSansang { path: PathBuf },

    #[error("the database {path} is damaged and could not be repaired ({detail}); {advice}", advice = damaged_advice(backup.as_deref()))]
    Damaged {
        path: PathBuf,
        detail: String,
        backup: Option<PathBuf>,
    },

    #[error(
        "the database {path} was written by a newer sansang (schema version {found}, this program knows up to {supported}); it was left unchanged. Install the newer sansang to open it"
    )]
    TooNew {
        path: PathBuf,
        found: u64,
        supported: u64,
    },

    #[error(
        "cannot write the database at {path}: {source}. Choose a folder you can write to with --db or SANSANG_DB"
    )]
    Unwritable { path: PathBuf, source: io::Error },

    #[error(
        "the disk holding {path} is full; the last change was NOT saved (everything saved before it is intact). Free some disk space, then try again"
    )]
    DiskFull { path: PathBuf },

    #[error(
        "there is not enough free disk space beside {path} to keep a copy of it before it is repaired or upgraded; nothing was changed and no copy was left. Free some disk space, then try again"
    )]
    NoRoomForCopy { path: PathBuf },

    #[error(
        "the database {path} was opened for reading only, so it cannot be changed here; use a command that records something"
    )]
    ReadOnly { path: PathBuf },

    #[error(
        "the database {path} {why}, which only a command that writes does (a copy of the file is kept first); open it once with one, e.g. start sansang, then try again"
    )]
    NeedsWrite { path: PathBuf, why: &'static str },

    #[error(
        "there is no database at {path}; check --db or SANSANG_DB (a command that records something creates it)"
    )]
    Missing { path: PathBuf },

    #[error(
        "reading or writing {path} failed: {source}. Check the disk and the file, then try again"
    )]
    Io { path: PathBuf, source: io::Error },

    #[error(
        "an earlier write to {path} failed (a full disk, a removed drive), so nothing more can be written until sansang is closed and opened again; everything saved before that failure is intact"
    )]
    AfterFailedWrite { path: PathBuf },

    #[error("there is no {kind} with id {id} in {path}; list them to find the right id")]
    NotFound {
        kind: &'static str,
        id: String,
        path: PathBuf,
    },

    #[error("{kind} {id} already exists in {path}; use its id, or edit it instead")]
    AlreadyExists {
        kind: &'static str,
        id: Uuid,
        path: PathBuf,
    },

    #[error(
        "{kind} {key} in {path} cannot be read: {detail}. Keep a copy of the file and report this"
    )]
    BadRecord {
        kind: &'static str,
        key: String,
        detail: String,
        path: PathBuf,
    },

    #[error(
        "unexpected database error in {path}: {detail}. Keep a copy of the file and report this"
    )]
    Internal { path: PathBuf, detail: String },
}

fn damaged_advice(backup: Option<&Path>) -> String {
    match backup {
        Some(b) => format!(
            "the file was left as it was and a copy is kept at {}; restore an earlier backup or ask for help to rescue it",
            b.display()
        ),
        None => {
            "the file was left as it was; restore an earlier backup or ask for help to rescue it"
                .to_string()
        }
    }
}

impl StoreError {
    /// Turns any redb error into a StoreError about `path`.
    pub(crate) fn from_redb(path: &Path, err: impl Into<redb::Error>) -> StoreError {
        let path = path.to_path_buf();
        match err.into() {
            redb::Error::DatabaseAlreadyOpen | redb::Error::LockProtocolMismatch => {
                StoreError::AlreadyOpen { path }
            }
            redb::Error::Io(e) => StoreError::from_io(&path, e),
            redb::Error::Corrupted(detail) => StoreError::Damaged {
                path,
                detail,
                backup: None,
            },
            redb::Error::RepairAborted => StoreError::Damaged {
                path,
                detail: "it needs a repair after an unclean shutdown".into(),
                backup: None,
            },
            redb::Error::UpgradeRequired(v) => StoreError::Damaged {
                path,
                detail: format!("it uses the old redb file format {v}"),
                backup: None,
            },
            redb::Error::PreviousIo => StoreError::AfterFailedWrite { path },
            other => StoreError::Internal {
                path,
                detail: other.to_string(),
            },
        }
    }

    /// Turns a file-system error into a StoreError about `path`.
    pub(crate) fn from_io(path: &Path, e: io::Error) -> StoreError {
        let path = path.to_path_buf();
        match e.kind() {
            io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
            | io::ErrorKind::FileTooLarge => StoreError::DiskFull { path },
            io::ErrorKind::PermissionDenied
            | io::ErrorKind::ReadOnlyFilesystem
            | io::ErrorKind::NotADirectory
            | io::ErrorKind::IsADirectory => StoreError::Unwritable { path, source: e },
            io::ErrorKind::InvalidData if e.to_string().contains("Not a redb database") => {
                StoreError::NotADatabase { path }
            }
            _ => StoreError::Io { path, source: e },
        }
    }
}

/// A failure inside the store before it is tied to a file: redb's, or a record that cannot be
/// read. [`Fault::at`] makes it a [`StoreError`] about a path.
#[derive(Debug)]
pub(crate) enum Fault {
    Redb(redb::Error),
    /// Already said about the file.
    Store(StoreError),
    Bad {
        kind: &'static str,
        key: String,
        detail: String,
    },
}

impl Fault {
    pub fn bad(kind: &'static str, key: impl ToString, detail: impl Into<String>) -> Fault {
        Fault::Bad {
            kind,
            key: key.to_string(),
            detail: detail.into(),
        }
    }

    pub fn at(self, path: &Path) -> StoreError {
        match self {
            Fault::Redb(e) => StoreError::from_redb(path, e),
            Fault::Store(e) => e,
            Fault::Bad { kind, key, detail } => StoreError::BadRecord {
                kind,
                key,
                detail,
                path: path.to_path_buf(),
            },
        }
    }
}

impl From<StoreError> for Fault {
    fn from(e: StoreError) -> Fault {
        Fault::Store(e)
    }
}

macro_rules! fault_from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for Fault {
            fn from(e: $t) -> Fault {
                Fault::Redb(e.into())
            }
        }
    )*};
}

fault_from_redb!(
    redb::Error,
    redb::StorageError,
    redb::TableError,
    redb::TransactionError,
    redb::CommitError
);
