//! Opening a file the program wrote with the system's own viewer (a browser for a result
//! sheet, Excel or LibreOffice for a workbook), so a trainer can print it at once.

use std::path::Path;
use std::process::{Command, Stdio};

/// The command that opens `path` with the program the system associates with its type.
fn viewer(path: &Path) -> Command {
    #[cfg(windows)]
    let mut command = {
        // Explorer hands the file to its associated program; `cmd /c start` would read
        // characters such as & in the path as its own.
        let mut c = Command::new("explorer.exe");
        c.arg(path);
        c
    };
    #[cfg(target_os = "macos")]
    let mut command = {
        let mut c = Command::new("open");
        c.arg(path);
        c
    };
    #[cfg(all(unix, not(target_os = "macos")))]
    let mut command = {
        let mut c = Command::new("xdg-open");
        c.arg(path);
        c
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Opens `path` with the system's viewer without waiting for it (the viewer's output never
/// reaches the screens); an error when no viewer could be started.
pub fn open_file(path: &Path) -> std::io::Result<()> {
    let mut child = viewer(path).spawn()?;
    // Reaped in the background, so no finished viewer is left behind as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_viewer_is_given_the_path_as_one_argument() {
        let path = Path::new("/home/lan/Tài liệu/sansang/htx chè & mật ong.html");
        let command = viewer(path);
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, [path.as_os_str()]);
    }
}
