//! Plain-text tables laid out by display width, so Vietnamese names line up.

use unicode_width::UnicodeWidthStr;

/// Columns padded to their widest cell; numbers (`right[i]`) aligned right.
pub fn render(header: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, &w))| {
                let pad = " ".repeat(w.saturating_sub(cell.width()));
                if right.get(i).copied().unwrap_or(false) {
                    format!("{pad}{cell}")
                } else {
                    format!("{cell}{pad}")
                }
            })
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    let mut out = line(header);
    out.push('\n');
    out.push_str(
        &widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  "),
    );
    for row in rows {
        out.push('\n');
        out.push_str(&line(row));
    }
    out
}
