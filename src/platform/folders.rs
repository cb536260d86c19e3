//! Where sansang keeps its files. Both folders come from the system's known-folder
//! lookup through `directories` (on Windows `SHGetKnownFolderPath`, so a Documents
//! folder moved to another drive or into OneDrive is found where it is), never from
//! a guessed `%USERPROFILE%\Documents`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The name of sansang's own folder inside the system's folders.
pub const APP_FOLDER: &str = "sansang";

/// Names the folder the workshop screens write spreadsheets to.
pub const EXPORTS_ENV: &str = "SANSANG_EXPORTS";

/// The folder of the workshop database and its backups: the user's local (not
/// roaming) application data, `%LOCALAPPDATA%\sansang` on Windows
/// (`C:\Users\NAME\AppData\Local\sansang`), `~/.local/share/sansang` on Linux
/// (`$XDG_DATA_HOME/sansang` when set). Local, because a roaming profile would copy
/// a large file at every log-on. `None` when the system names no such folder.
pub fn data_folder() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.data_local_dir().join(APP_FOLDER))
}

/// Where the workshop screens write spreadsheets: `SANSANG_EXPORTS` when set, else
/// `Documents\sansang`, where Excel looks first; on a system with no Documents folder,
/// `exports` in the folder of the `database` (or the data folder). Never the current
/// folder: started by a double-click that is wherever the program happens to sit.
pub fn exports_folder(database: Option<&Path>) -> PathBuf {
    let documents = directories::UserDirs::new().and_then(|u| u.document_dir().map(Into::into));
    choose_exports(
        std::env::var_os(EXPORTS_ENV),
        documents,
        database,
        data_folder(),
    )
}

fn choose_exports(
    chosen: Option<OsString>,
    documents: Option<PathBuf>,
    database: Option<&Path>,
    data: Option<PathBuf>,
) -> PathBuf {
    if let Some(dir) = chosen.filter(|d| !d.is_empty()) {
        return dir.into();
    }
    if let Some(documents) = documents {
        return documents.join(APP_FOLDER);
    }
    let beside_database = database
        .and_then(|db| std::path::absolute(db).ok())
        .and_then(|db| db.parent().map(Path::to_path_buf));
    beside_database
        .or(data)
        .unwrap_or_else(|| std::env::temp_dir().join(APP_FOLDER))
        .join("exports")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> PathBuf {
        PathBuf::from("/home/lan/Tài liệu/Hội thảo 2026/sansang.redb")
    }

    #[test]
    fn the_chosen_folder_wins_then_documents() {
        let documents = Some(PathBuf::from("/home/lan/Documents"));
        assert_eq!(
            choose_exports(Some("/mnt/usb/xuất".into()), documents.clone(), None, None),
            PathBuf::from("/mnt/usb/xuất")
        );
        assert_eq!(
            choose_exports(Some("".into()), documents.clone(), Some(&db()), None),
            PathBuf::from("/home/lan/Documents/sansang")
        );
    }

    #[test]
    fn without_documents_the_exports_go_beside_the_database_never_here() {
        let data = Some(PathBuf::from("/home/lan/.local/share/sansang"));
        assert_eq!(
            choose_exports(None, None, Some(&db()), data.clone()),
            PathBuf::from("/home/lan/Tài liệu/Hội thảo 2026/exports")
        );
        let relative = choose_exports(None, None, Some(Path::new("sansang.redb")), None);
        assert!(relative.is_absolute(), "{}", relative.display());
        assert_eq!(
            choose_exports(None, None, None, data),
            PathBuf::from("/home/lan/.local/share/sansang/exports")
        );
        let nothing = choose_exports(None, None, None, None);
        assert!(nothing.is_absolute(), "{}", nothing.display());
    }

    /// The Linux data folder is the one earlier versions used (through
    /// `ProjectDirs`), so an existing database is found after an update.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_linux_data_folder_is_unchanged() {
        let before = directories::ProjectDirs::from("vn", "sansang", "sansang")
            .map(|dirs| dirs.data_local_dir().to_path_buf());
        assert_eq!(data_folder(), before);
    }
}
