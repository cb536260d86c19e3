//! The packages a centre hands out (scripts/package.sh): the Linux one is unpacked
//! and run from where it lands; the Windows one holds what a trainer double-clicks,
//! with its texts as Notepad and cmd.exe need them. The program is the one cargo
//! built for the tests (`--binary`), so no release build is needed here.
#![cfg(unix)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sansang::platform::APP_FOLDER;
use sansang::store::DEFAULT_FILE_NAME;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn package(system: &str, binary: &Path, out: &Path) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/package.sh");
    let done = Command::new("bash")
        .arg(script)
        .args([system, "--binary"])
        .arg(binary)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", text(&done.stderr));
    let name = match system {
        "windows" => format!("sansang-{VERSION}-windows-x64.zip"),
        _ => format!("sansang-{VERSION}-linux-x64.tar.gz"),
    };
    let archive = out.join(name);
    assert!(text(&done.stdout).contains(archive.to_str().unwrap()));
    archive
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

#[test]
fn the_linux_package_runs_from_the_folder_it_is_unpacked_to() {
    let dir = tempfile::tempdir().unwrap();
    let archive = package(
        "linux",
        Path::new(env!("CARGO_BIN_EXE_sansang")),
        dir.path(),
    );
    let unpacked = dir.path().join("Máy của Lan");
    std::fs::create_dir(&unpacked).unwrap();
    ok(Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&unpacked)
        .output()
        .unwrap());
    let folder = unpacked.join(format!("sansang-{VERSION}-linux-x64"));
    let run = |program: &str, args: &[&str]| {
        ok(Command::new(folder.join(program))
            .args(args)
            .current_dir(&folder)
            .env("SANSANG_DB", dir.path().join("sansang.redb"))
            .output()
            .unwrap())
    };
    assert_eq!(
        run("sansang", &["--version"]),
        format!("sansang {VERSION}\n")
    );
    assert_eq!(
        run("sansang.sh", &["--version"]),
        format!("sansang {VERSION}\n")
    );
    let checked = run(
        "sansang",
        &["validate", "surveys/sxsh.json", "surveys/dx.json"],
    );
    assert!(checked.contains("valid: sxsh"), "{checked}");
    assert!(checked.contains("valid: dx"), "{checked}");
    let guide = std::fs::read_to_string(folder.join("HUONG-DAN.txt")).unwrap();
    assert!(guide.starts_with(&format!("SANSANG {VERSION} ")), "{guide}");
    assert!(!guide.contains('\r'));
}

/// Every line of `text` ends in CRLF.
fn crlf_only(text: &str) -> bool {
    text.split('\n')
        .all(|line| line.is_empty() || line.ends_with('\r'))
        && text.ends_with("\r\n")
}

#[test]
fn the_windows_package_holds_the_program_a_start_script_and_a_guide_notepad_shows() {
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("sansang.exe");
    std::fs::write(&program, b"MZ the Windows program, built by .ci/run").unwrap();
    let archive = package("windows", &program, dir.path());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    let folder = format!("sansang-{VERSION}-windows-x64/");
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.retain(|n| !n.ends_with('/'));
    names.sort();
    let mut expected: Vec<String> = ["HUONG-DAN.txt", "sansang.cmd", "sansang.exe"]
        .map(String::from)
        .to_vec();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys");
    for entry in std::fs::read_dir(shipped).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            expected.push(format!("surveys/{name}"));
        }
    }
    expected.sort();
    let expected: Vec<String> = expected.iter().map(|n| format!("{folder}{n}")).collect();
    assert_eq!(names, expected);
    let mut read = |name: &str| {
        let mut bytes = Vec::new();
        zip.by_name(&format!("{folder}{name}"))
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        bytes
    };
    assert_eq!(read("sansang.exe"), std::fs::read(&program).unwrap());

    let guide = read("HUONG-DAN.txt");
    let guide = std::str::from_utf8(
        guide
            .strip_prefix(b"\xEF\xBB\xBF")
            .expect("a BOM for Notepad"),
    )
    .unwrap();
    assert!(crlf_only(guide), "CRLF line ends for Notepad");
    assert!(guide.contains(&format!("SANSANG {VERSION} ")));
    assert!(
        guide.contains("Hướng dẫn nhanh"),
        "Vietnamese with its diacritics"
    );
    let data = format!("%LOCALAPPDATA%\\{APP_FOLDER}\\{DEFAULT_FILE_NAME}");
    assert!(
        guide.contains(&data),
        "the guide names the data file the program uses: {data}"
    );
    for topic in [
        "SAO LƯU",
        "GỘP DỮ LIỆU HAI MÁY",
        "MẤT ĐIỆN",
        "sansang import may-a.json",
    ] {
        assert!(guide.contains(topic), "{topic}");
    }

    let start = String::from_utf8(read("sansang.cmd")).unwrap();
    assert!(
        start.is_ascii() && crlf_only(&start),
        "cmd.exe reads it before chcp"
    );
    for line in [
        "chcp 65001",
        "mode con: cols=120 lines=40",
        "\"%~dp0sansang.exe\" %*",
        "if errorlevel 1 pause",
    ] {
        assert!(start.contains(line), "{line} in\n{start}");
    }
}
