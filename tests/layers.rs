//! The layering README's layout describes: nothing below imports anything above it.

use std::fs;
use std::path::Path;

/// Each layer, with the layers it must never use.
const ABOVE: [(&str, &[&str]); 7] = [
    (
        "platform",
        &[
            "store",
            "fieldwork",
            "import",
            "export",
            "demo",
            "tui",
            "cli",
        ],
    ),
    (
        "survey",
        &[
            "store",
            "fieldwork",
            "import",
            "export",
            "demo",
            "tui",
            "cli",
        ],
    ),
    (
        "store",
        &["fieldwork", "import", "export", "demo", "tui", "cli"],
    ),
    ("fieldwork", &["import", "export", "demo", "tui", "cli"]),
    ("import", &["tui", "cli"]),
    ("export", &["import", "tui", "cli"]),
    ("tui", &["cli"]),
];

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_layer_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for (layer, above) in ABOVE {
        let mut files = Vec::new();
        sources(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "no sources for {layer}");
        for file in files {
            // Unit-test modules may build their data with anything (the demo generator).
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name == "tests.rs" || name.ends_with("_tests.rs") {
                continue;
            }
            let text = fs::read_to_string(&file).unwrap();
            for up in above {
                if text.contains(&format!("crate::{up}::")) {
                    found.push(format!("{} uses {up}", file.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
