//! Driving the real binary against a temporary database.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub struct Workshop {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Workshop {
    pub fn new() -> Workshop {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sansang.redb");
        Workshop { dir, db }
    }

    /// The commands over an existing database.
    pub fn at(db: PathBuf) -> Workshop {
        Workshop {
            dir: tempfile::tempdir().unwrap(),
            db,
        }
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sansang"));
        c.env("SANSANG_DB", &self.db)
            .env_remove("SANSANG_SURVEYS")
            .env("SANSANG_USER", "Nguyễn Thị Lan");
        c
    }

    /// Runs sansang with `args`; returns the output whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Runs sansang and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "sansang {args:?} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs sansang expecting `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "sansang {args:?}:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// A session, an establishment and an sxsh response; returns the response id.
    pub fn response(&self) -> String {
        let session = self.ok(&[
            "session",
            "new",
            "--name",
            "Tập huấn Vô Tranh",
            "--date",
            "2024-10-15",
            "--commune",
            "Vô Tranh",
            "--province",
            "Thái Nguyên",
            "--former-district",
            "Phú Lương",
        ]);
        let est = self.ok(&[
            "establishment",
            "add",
            "--name",
            "HTX Chè Vô Tranh",
            "--kind",
            "hop_tac_xa",
            "--commune",
            "Vô Tranh",
        ]);
        self.ok(&[
            "response",
            "new",
            "--session",
            session.trim(),
            "--establishment",
            est.trim(),
            "--survey",
            "sxsh",
            // The answers these tests give are 1.0's; 1.0 stays shipped for such responses.
            "--version",
            "1.0",
        ])
        .trim()
        .to_string()
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn sxsh() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/sxsh.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// (question id, option values) of the single-choice sxsh questions shown to everyone.
pub fn single_questions() -> Vec<(String, Vec<String>)> {
    sxsh()["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["type"] == "single" && q.get("show_if").is_none())
        .map(|q| {
            let options = q["options"].as_array().unwrap();
            (
                q["id"].as_str().unwrap().to_string(),
                options
                    .iter()
                    .map(|o| o["value"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}
