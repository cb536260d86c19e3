//! The copy of the database kept before a repair or a migration: written under a temporary
//! name, synced and read back (size and hash) before it takes its final name
//! `NAME.bak-YYYYMMDDTHHMMSS`, so a kill or a full disk never leaves a partial copy under a
//! name that looks whole. A copy identical to the newest one is not made again (a file that
//! fails to open the same way every time gets one copy, not one per attempt), and only the
//! newest [`MAX_COPIES`] are kept.

use std::fs::{self, File, OpenOptions};
use std::hash::Hasher;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::error::StoreError;

/// Copies kept beside a database; older ones are removed when a new one is made.
pub const MAX_COPIES: usize = 3;

/// A `.part` file older than this was left by a copy that was killed.
const STALE_PART: Duration = Duration::from_secs(600);

/// What keeping a copy did.
#[derive(Debug, Clone, Default)]
pub struct KeptCopy {
    /// The copy of the file as it is now.
    pub path: PathBuf,
    /// Older copies removed to keep [`MAX_COPIES`].
    pub pruned: Vec<PathBuf>,
}

/// Keeps a verified copy of `path` beside it.
pub fn keep_copy(path: &Path) -> Result<KeptCopy, StoreError> {
    let name = file_name(path);
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let part = path.with_file_name(format!("{name}.bak-{stamp}.{}.part", std::process::id()));
    remove_stale_parts(path, &name);
    let copied = write_part(path, &part).inspect_err(|_| {
        let _ = fs::remove_file(&part);
    })?;
    let existing = copies(path, &name);
    if let Some(newest) = existing.last()
        && digest(newest).is_ok_and(|d| d == copied)
    {
        let _ = fs::remove_file(&part);
        return Ok(KeptCopy {
            path: newest.clone(),
            pruned: Vec::new(),
        });
    }
    // Several copies within one second are numbered after the last one, so names sort by age.
    let stamp = stamp.to_string();
    let last = existing
        .iter()
        .filter_map(|p| parse(p, &name))
        .filter(|(s, _)| *s == stamp)
        .map(|(_, n)| n)
        .max();
    let mut n = last.map_or(1, |n| n + 1);
    let backup = loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let candidate = path.with_file_name(format!("{name}.bak-{stamp}{suffix}"));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    fs::rename(&part, &backup).map_err(|e| {
        let _ = fs::remove_file(&part);
        StoreError::from_io(&backup, e)
    })?;
    sync_folder(path);
    let pruned = prune(path, &name);
    Ok(KeptCopy {
        path: backup,
        pruned,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sansang.redb".into())
}

/// Size and hash of a file's bytes.
type Digest = (u64, u64);

/// Copies `from` to `part` (owner-only), syncs it and checks it reads back the same.
fn write_part(from: &Path, part: &Path) -> Result<Digest, StoreError> {
    let mut source = File::open(from).map_err(|e| StoreError::from_io(from, e))?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let full = |e: io::Error| copy_failed(from, part, e);
    let mut out = options.open(part).map_err(full)?;
    let mut hasher = std::hash::DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = source
            .read(&mut buf)
            .map_err(|e| StoreError::from_io(from, e))?;
        if n == 0 {
            break;
        }
        hasher.write(&buf[..n]);
        out.write_all(&buf[..n]).map_err(full)?;
        size += n as u64;
    }
    out.sync_all().map_err(full)?;
    drop(out);
    let copied = (size, hasher.finish());
    match digest(part) {
        Ok(read_back) if read_back == copied => Ok(copied),
        Ok(_) => Err(StoreError::Io {
            path: part.to_path_buf(),
            source: io::Error::other(
                "the copy kept before a repair did not read back the same; check the disk",
            ),
        }),
        Err(e) => Err(StoreError::from_io(part, e)),
    }
}

fn copy_failed(from: &Path, part: &Path, e: io::Error) -> StoreError {
    match StoreError::from_io(part, e) {
        StoreError::DiskFull { .. } => StoreError::NoRoomForCopy {
            path: from.to_path_buf(),
        },
        other => other,
    }
}

fn digest(path: &Path) -> io::Result<Digest> {
    let mut file = File::open(path)?;
    let mut hasher = std::hash::DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok((size, hasher.finish()));
        }
        hasher.write(&buf[..n]);
        size += n as u64;
    }
}

/// The finished copies of `path`, oldest first.
pub fn copies(path: &Path, name: &str) -> Vec<PathBuf> {
    let mut found: Vec<((String, u32), PathBuf)> = siblings(path)
        .filter_map(|p| Some((parse(&p, name)?, p)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// The stamp and number of a finished copy's name: "NAME.bak-STAMP" or "NAME.bak-STAMP-N"
/// (several copies within one second).
fn parse(copy: &Path, name: &str) -> Option<(String, u32)> {
    let file = copy.file_name()?.to_str()?;
    let rest = file.strip_prefix(name)?.strip_prefix(".bak-")?;
    if rest.ends_with(".part") {
        return None;
    }
    match rest.split_once('-') {
        Some((stamp, n)) => Some((stamp.to_string(), n.parse().ok()?)),
        None => Some((rest.to_string(), 1)),
    }
}

fn siblings(path: &Path) -> impl Iterator<Item = PathBuf> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
}

/// Removes all but the newest [`MAX_COPIES`] copies; says which went.
fn prune(path: &Path, name: &str) -> Vec<PathBuf> {
    let all = copies(path, name);
    let surplus = all.len().saturating_sub(MAX_COPIES);
    all.into_iter()
        .take(surplus)
        .filter(|p| fs::remove_file(p).is_ok())
        .collect()
}

/// Removes `.part` files that a killed copy of this database left behind.
fn remove_stale_parts(path: &Path, name: &str) {
    let prefix = format!("{name}.bak-");
    let now = SystemTime::now();
    for p in siblings(path) {
        let Some(file) = p.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        let old = fs::metadata(&p)
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > STALE_PART);
        if file.starts_with(&prefix) && file.ends_with(".part") && old {
            let _ = fs::remove_file(&p);
        }
    }
}

/// Makes a rename durable on Unix, where a folder's entries are synced apart
/// from its files. Windows has no such call (NTFS journals the rename itself).
#[cfg(unix)]
fn sync_folder(path: &Path) {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
}

#[cfg(not(unix))]
fn sync_folder(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_verified_kept_once_per_content_and_pruned_to_three() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.redb");
        fs::write(&db, b"first").unwrap();
        let first = keep_copy(&db).unwrap();
        assert_eq!(fs::read(&first.path).unwrap(), b"first");
        let again = keep_copy(&db).unwrap();
        assert_eq!(
            again.path, first.path,
            "the same bytes are not copied twice"
        );
        let mut pruned = Vec::new();
        for i in 0..4 {
            fs::write(&db, format!("version {i}")).unwrap();
            pruned.extend(keep_copy(&db).unwrap().pruned);
        }
        let left = copies(&db, "x.redb");
        assert_eq!(left.len(), MAX_COPIES);
        assert_eq!(pruned.len(), 2);
        assert!(pruned.contains(&first.path));
        assert_eq!(fs::read(left.last().unwrap()).unwrap(), b"version 3");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
    }
}
